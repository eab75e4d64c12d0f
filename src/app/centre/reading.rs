//! The reading room (电子阅览) and its cloud bookmark (云书签), the part
//! that keeps each reader's place: a book of the catalogue, and the reader's
//! position in it, saved from any device and kept only when read later than
//! what is stored. (The catalogue's pages, loans of books and e-readers,
//! EPUB files, the reader page and KOReader's sync come next.)

use chrono::{DateTime, Utc};
use linli_store::centre::reading::{self as store, BookRow, PositionRow};
use serde_json::json;
use uuid::Uuid;

use crate::app::access::audit::{Actor, record};
use crate::app::refusal::Reason;
use crate::app::{App, Error, Result};
use crate::domain::centre::reading::{Isbn, Locator, read_at};

/// A book as staff type it.
#[derive(Debug, Clone, Default)]
pub struct NewBook {
    /// Its community.
    pub community: String,
    /// book or periodical.
    pub periodical: bool,
    /// Title.
    pub title: String,
    /// Author(s).
    pub author: String,
    /// ISBN as typed (may be empty for a periodical).
    pub isbn: String,
    /// Publisher.
    pub publisher: String,
    /// Shelf.
    pub shelf: String,
    /// Copies owned.
    pub copies: i64,
}

fn clean(text: &str) -> String {
    crate::domain::life::wish::clean(text, false).trim().to_owned()
}

impl App {
    /// Adds a book to a reading room's catalogue on an operator's say.
    pub async fn add_book_by(&self, actor: &Actor, n: NewBook) -> Result<BookRow> {
        let title = clean(&n.title);
        if title.is_empty() || title.chars().count() > 200 {
            return Err(Error::invalid("title", Reason::ReadingTitle));
        }
        let isbn = match n.isbn.trim() {
            "" if n.periodical => None,
            text => Some(Isbn::parse(text).map_err(|e| Error::invalid("isbn", Reason::ReadingIsbn(e)))?),
        };
        if !(0..=999).contains(&n.copies) {
            return Err(Error::invalid("copies", Reason::ReadingCopies));
        }
        let row = BookRow {
            community_id: n.community.clone(),
            id: Uuid::now_v7(),
            kind: if n.periodical { "periodical" } else { "book" }.into(),
            title,
            author: clean(&n.author).chars().take(100).collect(),
            isbn: isbn.map(|i| i.as_str().to_owned()),
            publisher: clean(&n.publisher).chars().take(100).collect(),
            shelf: clean(&n.shelf).chars().take(40).collect(),
            copies: n.copies,
            available: n.copies,
            about: String::new(),
            active: true,
            created_at: Utc::now(),
        };
        let mut tx = self.db().begin().await?;
        store::add_book(&mut tx, &row).await?;
        let detail = json!({ "title": row.title, "isbn": row.isbn, "copies": row.copies });
        record(&mut tx, actor, "reading.book", &row.id.to_string(), detail).await?;
        tx.commit().await?;
        Ok(row)
    }

    /// Saves where an account is in a book, as a device read it then
    /// (`None`: now); kept only if read later than the position stored.
    /// Whether it was kept.
    pub async fn save_position(
        &self,
        account: Uuid,
        book: Uuid,
        (locator, koreader): (Locator, Option<String>),
        (device, read): (&str, Option<DateTime<Utc>>),
    ) -> Result<bool> {
        let b = store::book(self.db(), book).await?.ok_or(Error::NotFound("book"))?;
        let now = Utc::now();
        let row = PositionRow {
            account_id: account,
            book_id: b.id,
            community_id: b.community_id,
            href: locator.href,
            progression: locator.progression,
            total_progression: locator.total_progression,
            koreader: koreader.map(|k| k.chars().take(500).collect()),
            read_at: read_at(read, now),
            device: clean(device).chars().take(60).collect(),
            updated_at: now,
        };
        Ok(store::save_position(self.db(), &row).await?)
    }

    /// Where an account is in a book.
    pub async fn position(&self, account: Uuid, book: Uuid) -> Result<Option<PositionRow>> {
        Ok(store::position(self.db(), account, book).await?)
    }
}

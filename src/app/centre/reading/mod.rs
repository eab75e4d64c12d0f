//! The reading room (电子阅览) and its cloud bookmark (云书签): the
//! catalogue of books and periodicals, e-books as checked EPUB files, paper
//! books and e-readers lent and returned (the overdue reminded by SMS),
//! each reader's position in a book — saved from a browser or a KOReader
//! e-reader and kept only when read later than what is stored —, reading
//! lists, minutes read and the community's reading figures.
//!
//! Staff who run a community's centre keep the catalogue and the loans.
//! The catalogue is public; e-books are read by anyone signed in.

mod kosync;
mod loan;

use crate::app::refusal::CentreRefusal;
use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Duration, NaiveDate, Utc};
use linli_store::centre::reading::{self as store, BookRow, DeviceRow, FileRow, ListRow, LoanRow, PositionRow};
use serde_json::json;
use uuid::Uuid;

use crate::app::access::audit::{Actor, record};
use crate::app::access::auth::User;
use crate::app::life::runs;
use crate::app::refusal::Reason;
use crate::app::{App, Error, Result};
use crate::domain::centre::epub;
use crate::domain::centre::reading::{Isbn, Locator, koreader_hash, read_at};
use crate::domain::time;

/// The longest loan.
pub const MAX_LOAN_DAYS: i64 = 90;
/// A paper book's loan unless staff say otherwise.
pub const BOOK_DAYS: i64 = 30;
/// An e-reader's loan unless staff say otherwise.
pub const DEVICE_DAYS: i64 = 14;
/// Minutes a single save may add (a reader page reports every minute or so).
pub const MAX_MINUTES_PER_SAVE: i64 = 5;
/// How soon an overdue loan may be reminded again.
pub const REMIND_AGAIN: Duration = Duration::days(3);

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
    /// About it.
    pub about: String,
}

/// A book in the catalogue, with whether it can be read here.
#[derive(Debug, Clone)]
pub struct Book {
    /// The catalogue's entry.
    pub row: BookRow,
    /// It has an e-book.
    pub ebook: bool,
}

/// A loan as a list shows it.
#[derive(Debug, Clone)]
pub struct Loan {
    /// The loan.
    pub row: LoanRow,
    /// The book's title or the e-reader's asset number and model.
    pub what: String,
    /// Whether it is overdue today.
    pub overdue: bool,
}

/// A reader's own reading: the list, positions and loans.
#[derive(Debug, Clone, Default)]
pub struct MyReading {
    /// The list, with each book and where the reader is in it.
    pub list: Vec<(ListRow, BookRow, Option<PositionRow>)>,
    /// Books read lately that are not on the list.
    pub recent: Vec<(BookRow, PositionRow)>,
    /// Loans, open first.
    pub loans: Vec<Loan>,
}

/// A community's reading over a period.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ReadingFigures {
    /// Readers who read in the browser or on a synced e-reader.
    pub readers: usize,
    /// Books read (a reader and a book, counted once), plus paper loans.
    pub books_read: usize,
    /// Minutes read.
    pub minutes: i64,
    /// Paper loans.
    pub loans: usize,
    /// Titles by readers: (title, readers and loans, minutes).
    pub top: Vec<(String, usize, i64)>,
}

fn clean(text: &str) -> String {
    crate::domain::life::wish::clean(text, false).trim().to_owned()
}

/// Where a KOReader progress text (an xpointer such as
/// `/body/DocFragment[3]/body/p[2]/text().0`) says the reader is: the
/// reading order's chapter, counted from 1.
pub fn koreader_chapter(progress: &str) -> Option<usize> {
    let rest = progress.strip_prefix("/body/DocFragment[")?;
    rest.split(']').next()?.parse().ok().filter(|n: &usize| *n >= 1)
}

fn spine_of(f: &FileRow) -> Vec<&str> {
    f.spine.lines().filter(|l| !l.is_empty()).collect()
}

impl App {
    /// Adds a book to a reading room's catalogue on an operator's say.
    pub async fn add_book_by(&self, actor: &Actor, n: NewBook) -> Result<BookRow> {
        let row = self.checked_book(&n)?;
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
        (locator, koreader, cfi): (Locator, Option<String>, Option<String>),
        (device, read, minutes): (&str, Option<DateTime<Utc>>, i64),
    ) -> Result<bool> {
        let b = store::book(self.db(), book).await?.filter(|b| b.active).ok_or(Error::NotFound("book"))?;
        let now = Utc::now();
        // Minutes count for e-books read here, no faster than time passes.
        let minutes = minutes.clamp(0, MAX_MINUTES_PER_SAVE);
        if minutes > 0 && store::current_file(self.db(), &b.community_id, b.id).await?.is_some() {
            let who = (account, b.id, b.community_id.as_str());
            store::add_minutes(self.db(), who, time::day(now), minutes, now).await?;
        }
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
            cfi: cfi.filter(|c| c.starts_with("epubcfi(") && c.len() <= epub_cfi_max()),
        };
        Ok(store::save_position(self.db(), &row).await?)
    }

    /// Where an account is in a book.
    pub async fn position(&self, account: Uuid, book: Uuid) -> Result<Option<PositionRow>> {
        Ok(store::position(self.db(), account, book).await?)
    }
}

fn epub_cfi_max() -> usize {
    crate::domain::centre::reading::MAX_HREF
}

impl App {
    /// The communities whose reading room the user keeps.
    pub async fn reading_communities(&self, user: &User) -> Result<Vec<String>> {
        let centres = crate::app::life::centres(user);
        Ok(self.community_codes_under(&centres).await?.into_iter().filter(|c| runs(user, c)).collect())
    }

    /// Whether the user keeps this community's room; the code must be a
    /// community's, exactly (no spaces, no grid below it).
    fn keeps_reading(user: &User, community: &str) -> Result<()> {
        let exact =
            crate::domain::registry::region::CommunityCode::parse(community).is_ok_and(|c| c.as_str() == community);
        if exact && runs(user, community) { Ok(()) } else { Err(Error::Forbidden) }
    }

    /// Adds a book (the centre's staff).
    pub async fn add_book(&self, user: &User, ip: &str, n: NewBook) -> Result<BookRow> {
        Self::keeps_reading(user, &n.community)?;
        self.add_book_by(&user.actor(ip), n).await
    }

    /// A community's catalogue (public: only what is in it).
    pub async fn reading_catalogue(&self, community: &str, all: bool) -> Result<Vec<Book>> {
        let files: BTreeSet<Uuid> = store::with_files(self.db(), community).await?.into_iter().collect();
        Ok(store::books(self.db(), community)
            .await?
            .into_iter()
            .filter(|b| all || b.active)
            .map(|row| Book { ebook: files.contains(&row.id), row })
            .collect())
    }

    /// One book of the catalogue.
    pub async fn catalogue_book(&self, id: Uuid) -> Result<Book> {
        let row = store::book(self.db(), id).await?.ok_or(Error::NotFound("book"))?;
        let ebook = store::current_file(self.db(), &row.community_id, id).await?.is_some();
        Ok(Book { row, ebook })
    }

    /// A book's entry for staff (inactive ones too).
    pub async fn kept_book(&self, user: &User, id: Uuid) -> Result<Book> {
        let b = self.catalogue_book(id).await?;
        Self::keeps_reading(user, &b.row.community_id)?;
        Ok(b)
    }

    /// Changes a book's entry and copies (the centre's staff).
    pub async fn update_book(&self, user: &User, ip: &str, id: Uuid, n: NewBook, active: bool) -> Result<BookRow> {
        let old = self.kept_book(user, id).await?.row;
        let checked = BookRow { ..self.checked_book(&n)? };
        let row = BookRow {
            community_id: old.community_id.clone(),
            id,
            kind: old.kind.clone(),
            active,
            copies: old.copies,
            available: old.available,
            created_at: old.created_at,
            ..checked
        };
        let mut tx = self.db().begin().await?;
        store::update_book(&mut tx, &row).await?;
        if n.copies != old.copies && !store::set_copies(&mut tx, &old.community_id, id, n.copies).await? {
            return Err(Error::invalid(
                "copies",
                Reason::Centre(CentreRefusal::ReadingCopiesLent { lent: old.copies - old.available }),
            ));
        }
        let detail = json!({ "title": row.title, "copies": n.copies, "active": active });
        record(&mut tx, &user.actor(ip), "reading.book_update", &id.to_string(), detail).await?;
        tx.commit().await?;
        Ok(store::book(self.db(), id).await?.unwrap_or(row))
    }

    fn checked_book(&self, n: &NewBook) -> Result<BookRow> {
        let title = clean(&n.title);
        if title.is_empty() || title.chars().count() > 200 {
            return Err(Error::invalid("title", Reason::Centre(CentreRefusal::ReadingTitle)));
        }
        let isbn = match n.isbn.trim() {
            // Community handbooks and many periodicals have none; one typed is checked.
            "" => None,
            text => Some(
                Isbn::parse(text).map_err(|e| Error::invalid("isbn", Reason::Centre(CentreRefusal::ReadingIsbn(e))))?,
            ),
        };
        if !(0..=999).contains(&n.copies) {
            return Err(Error::invalid("copies", Reason::Centre(CentreRefusal::ReadingCopies)));
        }
        Ok(BookRow {
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
            about: clean(&n.about).chars().take(2000).collect(),
            active: true,
            created_at: Utc::now(),
            cover_id: None,
            cover_type: None,
        })
    }

    // Covers.

    /// Sets a book's cover from a photo (the centre's staff).
    pub async fn set_book_cover(&self, user: &User, ip: &str, book: Uuid, photos: Vec<Vec<u8>>) -> Result<()> {
        let b = self.kept_book(user, book).await?.row;
        if photos.is_empty() {
            let problem = crate::domain::photo::PhotoError::NotAPhoto;
            return Err(Error::invalid("photo", Reason::Photo { nth: 1, problem }));
        }
        self.set_cover_by(&user.actor(ip), &b, photos).await
    }

    async fn set_cover_by(&self, actor: &Actor, b: &BookRow, photos: Vec<Vec<u8>>) -> Result<()> {
        if photos.len() > 1 {
            return Err(Error::invalid("photo", Reason::TooManyPhotos { max: 1 }));
        }
        let cleaned = self.clean_photos(photos).await?;
        let Some(p) = cleaned.first() else { return Ok(()) };
        let id = Uuid::now_v7();
        let mut files = Vec::new();
        self.write_photo(&b.community_id, id, p, &mut files).await?;
        let written = crate::app::photo::Written::new(files);
        let mut tx = self.db().begin().await?;
        store::set_cover(&mut tx, &b.community_id, b.id, id, p.content_type).await?;
        record(&mut tx, actor, "reading.cover", &b.id.to_string(), json!({ "width": p.width, "height": p.height }))
            .await?;
        tx.commit().await?;
        written.keep();
        Ok(())
    }

    /// A book's cover (public, as the catalogue is): (content type, bytes).
    pub async fn book_cover(&self, book: Uuid, photo: Uuid, thumb: bool) -> Result<(String, Vec<u8>)> {
        let b = store::book(self.db(), book).await?.ok_or(Error::NotFound("book"))?;
        match (b.cover_id, b.cover_type) {
            (Some(id), Some(kind)) if id == photo => self.read_photo_file(&b.community_id, id, &kind, thumb).await,
            _ => Err(Error::NotFound("photo")),
        }
    }

    // E-books.

    fn epub_path(&self, community: &str, file: Uuid) -> std::path::PathBuf {
        self.data_dir().join("books").join(community).join(format!("{file}.epub"))
    }

    /// Takes an EPUB for a book (the centre's staff): checked away from the
    /// request threads, one or two at once server-wide.
    pub async fn upload_epub(&self, user: &User, ip: &str, book: Uuid, bytes: Vec<u8>) -> Result<FileRow> {
        let b = self.kept_book(user, book).await?.row;
        self.upload_epub_by(&user.actor(ip), &b, bytes).await
    }

    /// Takes an EPUB for a book on an operator's say (the demo).
    pub async fn upload_epub_by(&self, actor: &Actor, b: &BookRow, bytes: Vec<u8>) -> Result<FileRow> {
        if bytes.len() > epub::MAX_BYTES {
            return Err(Error::invalid(
                "file",
                Reason::Centre(CentreRefusal::ReadingEpub(epub::EpubProblem::TooLarge)),
            ));
        }
        // Unpacking is counted into nothing, up to MAX_UNPACKED: weighed as
        // a sheet's import is, so that strangers' archives queue.
        let pass = self.photo_gate().enter(64).await?;
        let (checked, bytes) = tokio::task::spawn_blocking(move || {
            let _pass = pass;
            (epub::inspect(&bytes), bytes)
        })
        .await
        .map_err(|e| Error::Files(std::io::Error::other(e)))?;
        let e = checked.map_err(|p| Error::invalid("file", Reason::Centre(CentreRefusal::ReadingEpub(p))))?;
        // The EPUB's own cover, for a book without one: cleaned as any
        // photo is; a cover that is not a usable picture is left out.
        let cover = match (&e.cover, b.cover_id) {
            (Some(name), None) => epub::part(&bytes, name, crate::domain::photo::MAX_BYTES as u64),
            _ => None,
        };
        use sha2::Digest;
        let row = FileRow {
            community_id: b.community_id.clone(),
            id: Uuid::now_v7(),
            book_id: b.id,
            size: bytes.len() as i64,
            sha256: hex::encode(sha2::Sha256::digest(&bytes)),
            current: true,
            created_at: Utc::now(),
            package: e.package.clone(),
            spine: e.spine.join("\n"),
        };
        let hash = koreader_hash(&bytes);
        let path = self.epub_path(&b.community_id, row.id);
        tokio::fs::create_dir_all(path.parent().expect("books have a folder")).await?;
        tokio::fs::write(&path, &bytes).await?;
        let written = crate::app::photo::Written::new(vec![path]);
        let mut tx = self.db().begin().await?;
        store::add_file(&mut tx, &row, &hash).await?;
        let detail = json!({ "size": row.size, "sha256": row.sha256, "koreader": hash, "chapters": e.spine.len() });
        record(&mut tx, actor, "reading.epub", &b.id.to_string(), detail).await?;
        tx.commit().await?;
        written.keep();
        if let Some(c) = cover
            && let Err(err) = self.set_cover_by(actor, b, vec![c]).await
        {
            tracing::info!(book = %b.id, error = %err, "the EPUB's cover was not taken");
        }
        Ok(row)
    }

    /// A part of a book's current EPUB, by its path in the archive: (content
    /// type, bytes). For anyone signed in.
    pub async fn epub_part(&self, user: &User, book: Uuid, part: &str) -> Result<(&'static str, Vec<u8>)> {
        let b = store::book(self.db(), book).await?.ok_or(Error::NotFound("book"))?;
        if !b.active && !runs(user, &b.community_id) {
            return Err(Error::NotFound("book"));
        }
        let f = store::current_file(self.db(), &b.community_id, book).await?.ok_or(Error::NotFound("file"))?;
        if !epub::safe_name(part) {
            return Err(Error::NotFound("file"));
        }
        let path = self.epub_path(&b.community_id, f.id);
        let name = part.to_owned();
        // Each part read whole holds its size in memory until sent: parts
        // are bounded at upload (MAX_PART) and weighed at the photo gate
        // with pictures, so that many readers at once queue, not pile up.
        let pass = self.photo_gate().enter((epub::MAX_PART / (1024 * 1024)) as u32).await?;
        let bytes = tokio::task::spawn_blocking(move || -> std::io::Result<Option<Vec<u8>>> {
            use std::io::Read;
            let _pass = pass;
            let file = std::fs::File::open(path)?;
            let mut zip = zip::ZipArchive::new(std::io::BufReader::new(file)).map_err(std::io::Error::other)?;
            let Ok(entry) = zip.by_name(&name) else { return Ok(None) };
            let mut out = Vec::new();
            entry.take(epub::MAX_PART + 1).read_to_end(&mut out)?;
            // Checked at upload; refused again in case the file was swapped.
            Ok((out.len() as u64 <= epub::MAX_PART).then_some(out))
        })
        .await
        .map_err(|e| Error::Files(std::io::Error::other(e)))??;
        Ok((epub::content_type(part), bytes.ok_or(Error::NotFound("file"))?))
    }

    // E-readers.

    /// Adds an e-reader (the centre's staff).
    pub async fn add_device(&self, user: &User, ip: &str, community: &str, asset_no: &str, model: &str) -> Result<()> {
        Self::keeps_reading(user, community)?;
        self.add_device_by(&user.actor(ip), community, asset_no, model).await
    }

    /// Adds an e-reader on an operator's say (the demo).
    pub async fn add_device_by(&self, actor: &Actor, community: &str, asset_no: &str, model: &str) -> Result<()> {
        let asset = clean(asset_no);
        if asset.is_empty() || asset.chars().count() > 32 {
            return Err(Error::invalid("asset_no", Reason::Centre(CentreRefusal::ReadingAssetNo)));
        }
        let row = DeviceRow {
            community_id: community.to_owned(),
            id: Uuid::now_v7(),
            asset_no: asset,
            model: clean(model).chars().take(60).collect(),
            state: "shelf".into(),
            created_at: Utc::now(),
        };
        let mut tx = self.db().begin().await?;
        if !store::add_device(&mut tx, &row).await? {
            return Err(Error::invalid("asset_no", Reason::Centre(CentreRefusal::ReadingAssetNo)));
        }
        record(&mut tx, actor, "reading.device", &row.asset_no, json!({ "model": row.model })).await?;
        tx.commit().await?;
        Ok(())
    }

    /// A room's e-readers.
    pub async fn devices(&self, user: &User, community: &str) -> Result<Vec<DeviceRow>> {
        Self::keeps_reading(user, community)?;
        Ok(store::devices(self.db(), community).await?)
    }

    /// Sends an e-reader to repair, back to the shelf, or retires it.
    pub async fn set_device(&self, user: &User, ip: &str, community: &str, id: Uuid, to: &str) -> Result<()> {
        Self::keeps_reading(user, community)?;
        let d = store::devices(self.db(), community).await?.into_iter().find(|d| d.id == id);
        let d = d.ok_or(Error::NotFound("device"))?;
        let allowed =
            matches!((d.state.as_str(), to), ("shelf", "repair" | "retired") | ("repair", "shelf" | "retired"));
        let mut tx = self.db().begin().await?;
        if !allowed || !store::move_device(&mut tx, community, id, &d.state, to).await? {
            return Err(Error::invalid("state", Reason::Centre(CentreRefusal::ReadingDeviceNotFree)));
        }
        record(&mut tx, &user.actor(ip), "reading.device_state", &d.asset_no, json!({ "from": d.state, "to": to }))
            .await?;
        tx.commit().await?;
        Ok(())
    }

    // Loans.

    /// Puts a book on the signed-in reader's list.
    pub async fn list_book(&self, user: &User, book: Uuid) -> Result<()> {
        let b = self.catalogue_book(book).await?.row;
        if !b.active && !runs(user, &b.community_id) {
            return Err(Error::NotFound("book"));
        }
        let row = ListRow {
            account_id: user.account.row.id,
            book_id: b.id,
            community_id: b.community_id,
            added_at: Utc::now(),
            finished_at: None,
        };
        Ok(store::list_add(self.db(), &row).await?)
    }

    /// Takes a book off the reader's list.
    pub async fn unlist_book(&self, user: &User, book: Uuid) -> Result<bool> {
        Ok(store::list_remove(self.db(), user.account.row.id, book).await?)
    }

    /// Marks a book on the reader's list finished (or not).
    pub async fn finish_book(&self, user: &User, book: Uuid, done: bool) -> Result<bool> {
        let at = done.then(Utc::now);
        Ok(store::list_finish(self.db(), user.account.row.id, book, at).await?)
    }

    /// The signed-in reader's list, positions and loans.
    pub async fn my_reading(&self, user: &User) -> Result<MyReading> {
        let me = user.account.row.id;
        let list = store::list(self.db(), me).await?;
        let positions = store::positions_of(self.db(), me).await?;
        let mut ids: Vec<Uuid> = list.iter().map(|l| l.book_id).collect();
        ids.extend(positions.iter().map(|p| p.book_id));
        let books: BTreeMap<Uuid, BookRow> =
            store::books_by_id(self.db(), &ids).await?.into_iter().map(|b| (b.id, b)).collect();
        let listed: BTreeSet<Uuid> = list.iter().map(|l| l.book_id).collect();
        let mut out = MyReading::default();
        for l in list {
            if let Some(b) = books.get(&l.book_id) {
                let p = positions.iter().find(|p| p.book_id == l.book_id).cloned();
                out.list.push((l, b.clone(), p));
            }
        }
        for p in positions.into_iter().filter(|p| !listed.contains(&p.book_id)).take(20) {
            if let Some(b) = books.get(&p.book_id) {
                out.recent.push((b.clone(), p));
            }
        }
        let today = time::day(Utc::now());
        let mut loans = store::loans_of(self.db(), me).await?;
        loans.sort_by_key(|l| l.returned_at.is_some());
        let mut by_room: BTreeMap<String, Vec<LoanRow>> = BTreeMap::new();
        for l in loans {
            by_room.entry(l.community_id.clone()).or_default().push(l);
        }
        for (community, rows) in by_room {
            out.loans.extend(self.loans_shown(&community, rows, today).await?);
        }
        out.loans.sort_by_key(|l| (l.row.returned_at.is_some(), l.row.due_on));
        Ok(out)
    }

    // Figures.

    /// A community's reading over the days `from..to` (the centre's staff,
    /// or anyone above it).
    pub async fn reading_figures(&self, community: &str, from: NaiveDate, to: NaiveDate) -> Result<ReadingFigures> {
        let s = store::stats(self.db(), community, from, to).await?;
        let readers: BTreeSet<Uuid> = s.pairs.iter().map(|p| p.0).collect();
        let mut per_book: BTreeMap<Uuid, (usize, i64)> = BTreeMap::new();
        for (_, book, minutes) in &s.pairs {
            let e = per_book.entry(*book).or_default();
            e.0 += 1;
            e.1 += minutes;
        }
        for book in &s.lent {
            per_book.entry(*book).or_default().0 += 1;
        }
        let ids: Vec<Uuid> = per_book.keys().copied().collect();
        let titles: BTreeMap<Uuid, String> =
            store::books_by_id(self.db(), &ids).await?.into_iter().map(|b| (b.id, b.title)).collect();
        let mut top: Vec<(String, usize, i64)> =
            per_book.iter().map(|(b, (n, m))| (titles.get(b).cloned().unwrap_or_default(), *n, *m)).collect();
        top.sort_by(|a, b| b.1.cmp(&a.1).then(b.2.cmp(&a.2)).then(a.0.cmp(&b.0)));
        top.truncate(10);
        Ok(ReadingFigures {
            readers: readers.len(),
            books_read: s.pairs.len() + s.lent.len(),
            minutes: s.pairs.iter().map(|p| p.2).sum(),
            loans: s.lent.len(),
            top,
        })
    }

    // KOReader's progress sync (kosync).
}

/// What is lent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lent {
    /// A paper book.
    Book(Uuid),
    /// An e-reader.
    Device(Uuid),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_koreader_xpointer_names_its_chapter() {
        assert_eq!(koreader_chapter("/body/DocFragment[3]/body/p[2]/text().0"), Some(3));
        assert_eq!(koreader_chapter("/body/DocFragment[12]/body"), Some(12));
        assert_eq!(koreader_chapter("/body/DocFragment[0]/body"), None);
        assert_eq!(koreader_chapter("42"), None);
    }
}

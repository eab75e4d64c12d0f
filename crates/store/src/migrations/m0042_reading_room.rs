//! The reading room (电子阅览) and its cloud bookmark (云书签): the
//! catalogue of books and periodicals with their copies on the shelf, the
//! EPUB files of e-books and the KOReader document hashes each file (or an
//! edited one) is known by, the e-readers lent out, loans of books and
//! devices, each reader's position in a book (a Readium locator, and
//! KOReader's own progress text), reading lists and minutes read by day.

use sea_query::{ColumnDef, Index, Table};

use super::{Step, index};

pub(super) fn steps() -> Vec<Step> {
    vec![
        Step::Table(
            Table::create()
                .table("reading_book")
                .col(ColumnDef::new("community_id").string_len(12).not_null())
                .col(ColumnDef::new("id").uuid().not_null())
                // book or periodical.
                .col(ColumnDef::new("kind").string_len(12).not_null())
                .col(ColumnDef::new("title").string_len(200).not_null())
                .col(ColumnDef::new("author").string_len(100).not_null())
                // ISBN-13 digits, checked; none for many periodicals.
                .col(ColumnDef::new("isbn").string_len(13).null())
                .col(ColumnDef::new("publisher").string_len(100).not_null())
                .col(ColumnDef::new("shelf").string_len(40).not_null())
                .col(ColumnDef::new("copies").big_integer().not_null())
                // Copies on the shelf: a loan takes one by a conditional update.
                .col(ColumnDef::new("available").big_integer().not_null())
                .col(ColumnDef::new("about").string_len(2000).not_null())
                .col(ColumnDef::new("active").boolean().not_null())
                .col(ColumnDef::new("created_at").timestamp_with_time_zone().not_null())
                .primary_key(Index::create().col("community_id").col("id"))
                .to_owned(),
        ),
        index("ix_reading_book_id", "reading_book", &["id"], false),
        index("ix_reading_book_isbn", "reading_book", &["community_id", "isbn"], false),
        Step::Table(
            Table::create()
                .table("reading_file")
                .col(ColumnDef::new("community_id").string_len(12).not_null())
                .col(ColumnDef::new("id").uuid().not_null())
                .col(ColumnDef::new("book_id").uuid().not_null())
                .col(ColumnDef::new("size").big_integer().not_null())
                .col(ColumnDef::new("sha256").string_len(64).not_null())
                .col(ColumnDef::new("current").boolean().not_null())
                .col(ColumnDef::new("created_at").timestamp_with_time_zone().not_null())
                .primary_key(Index::create().col("community_id").col("id"))
                .to_owned(),
        ),
        index("ix_reading_file_book", "reading_file", &["community_id", "book_id"], false),
        // A book's KOReader document hashes: every file it has had, so that
        // an e-reader holding an older file still syncs.
        Step::Table(
            Table::create()
                .table("reading_hash")
                .col(ColumnDef::new("hash").string_len(32).not_null())
                .col(ColumnDef::new("community_id").string_len(12).not_null())
                .col(ColumnDef::new("book_id").uuid().not_null())
                .primary_key(Index::create().col("hash").col("community_id").col("book_id"))
                .to_owned(),
        ),
        Step::Table(
            Table::create()
                .table("reader_device")
                .col(ColumnDef::new("community_id").string_len(12).not_null())
                .col(ColumnDef::new("id").uuid().not_null())
                .col(ColumnDef::new("asset_no").string_len(32).not_null())
                .col(ColumnDef::new("model").string_len(60).not_null())
                // shelf, lent, repair or retired.
                .col(ColumnDef::new("state").string_len(12).not_null())
                .col(ColumnDef::new("created_at").timestamp_with_time_zone().not_null())
                .primary_key(Index::create().col("community_id").col("id"))
                .to_owned(),
        ),
        index("ux_reader_device_asset", "reader_device", &["community_id", "asset_no"], true),
        Step::Table(
            Table::create()
                .table("reading_loan")
                .col(ColumnDef::new("community_id").string_len(12).not_null())
                .col(ColumnDef::new("id").uuid().not_null())
                .col(ColumnDef::new("book_id").uuid().null())
                .col(ColumnDef::new("device_id").uuid().null())
                // The borrower in the registry, and their account if any.
                .col(ColumnDef::new("person_id").uuid().null())
                .col(ColumnDef::new("account_id").uuid().null())
                .col(ColumnDef::new("borrower_name").string_len(40).not_null())
                .col(ColumnDef::new("lent_at").timestamp_with_time_zone().not_null())
                .col(ColumnDef::new("due_on").date().not_null())
                .col(ColumnDef::new("returned_at").timestamp_with_time_zone().null())
                .col(ColumnDef::new("reminded_at").timestamp_with_time_zone().null())
                .col(ColumnDef::new("lent_by").string_len(60).not_null())
                .primary_key(Index::create().col("community_id").col("id"))
                .to_owned(),
        ),
        index("ix_reading_loan_open", "reading_loan", &["community_id", "returned_at", "due_on"], false),
        Step::Table(
            Table::create()
                .table("reading_position")
                .col(ColumnDef::new("account_id").uuid().not_null())
                .col(ColumnDef::new("book_id").uuid().not_null())
                .col(ColumnDef::new("community_id").string_len(12).not_null())
                .col(ColumnDef::new("href").string_len(500).not_null())
                .col(ColumnDef::new("progression").double().not_null())
                .col(ColumnDef::new("total_progression").double().not_null())
                // KOReader's own progress text (an xpointer), when it came from one.
                .col(ColumnDef::new("koreader").string_len(500).null())
                // When it was read (the device's time): a later reading wins.
                .col(ColumnDef::new("read_at").timestamp_with_time_zone().not_null())
                .col(ColumnDef::new("device").string_len(60).not_null())
                .col(ColumnDef::new("updated_at").timestamp_with_time_zone().not_null())
                .primary_key(Index::create().col("account_id").col("book_id"))
                .to_owned(),
        ),
        Step::Table(
            Table::create()
                .table("reading_list")
                .col(ColumnDef::new("account_id").uuid().not_null())
                .col(ColumnDef::new("book_id").uuid().not_null())
                .col(ColumnDef::new("community_id").string_len(12).not_null())
                .col(ColumnDef::new("added_at").timestamp_with_time_zone().not_null())
                .col(ColumnDef::new("finished_at").timestamp_with_time_zone().null())
                .primary_key(Index::create().col("account_id").col("book_id"))
                .to_owned(),
        ),
        Step::Table(
            Table::create()
                .table("reading_minutes")
                .col(ColumnDef::new("account_id").uuid().not_null())
                .col(ColumnDef::new("book_id").uuid().not_null())
                .col(ColumnDef::new("day").date().not_null())
                .col(ColumnDef::new("community_id").string_len(12).not_null())
                .col(ColumnDef::new("minutes").big_integer().not_null())
                .primary_key(Index::create().col("account_id").col("book_id").col("day"))
                .to_owned(),
        ),
        index("ix_reading_minutes_community", "reading_minutes", &["community_id", "day"], false),
        // KOReader signs in with a user name and the MD5 of a password: a
        // reading-sync key apart from the account's password, kept hashed.
        Step::Table(
            Table::create()
                .table("reading_sync_key")
                .col(ColumnDef::new("account_id").uuid().not_null().primary_key())
                .col(ColumnDef::new("key_hash").string_len(64).not_null())
                .col(ColumnDef::new("created_at").timestamp_with_time_zone().not_null())
                .to_owned(),
        ),
    ]
}

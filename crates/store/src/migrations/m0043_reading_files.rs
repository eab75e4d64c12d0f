//! The reading room's e-books read in the browser: a file's package
//! document and reading order (so a KOReader position, which names a
//! chapter by its place in the reading order, and a browser's, which names
//! it by href, translate), and a position's EPUB CFI (where exactly a
//! browser reader was, so another browser lands on the same page), and a
//! book's cover (a photo staff take of it, or the EPUB's own cover image).

use sea_query::{ColumnDef, Table};

use super::Step;

pub(super) fn steps() -> Vec<Step> {
    vec![
        Step::Alter(
            Table::alter()
                .table("reading_file")
                .add_column(ColumnDef::new("package").string_len(300).not_null().default(""))
                .to_owned(),
        ),
        // The reading order's hrefs, one per line.
        Step::Alter(
            Table::alter()
                .table("reading_file")
                .add_column(ColumnDef::new("spine").text().not_null().default(""))
                .to_owned(),
        ),
        Step::Alter(
            Table::alter().table("reading_book").add_column(ColumnDef::new("cover_id").uuid().null()).to_owned(),
        ),
        Step::Alter(
            Table::alter()
                .table("reading_book")
                .add_column(ColumnDef::new("cover_type").string_len(20).null())
                .to_owned(),
        ),
        // When minutes were last counted: a reader's minutes count only as
        // fast as time passes (the update is conditional on it).
        Step::Alter(
            Table::alter()
                .table("reading_minutes")
                .add_column(ColumnDef::new("counted_at").timestamp_with_time_zone().null())
                .to_owned(),
        ),
        Step::Alter(
            Table::alter()
                .table("reading_position")
                .add_column(ColumnDef::new("cfi").string_len(500).null())
                .to_owned(),
        ),
    ]
}

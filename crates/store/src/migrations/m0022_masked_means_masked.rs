//! Masked means masked: nothing stored in clear rebuilds an ID number.
//!
//! Before, a person's masked ID kept the area code and the last four
//! characters and their whole birth date was stored beside it: together,
//! the number. Now the clear columns keep the area code (in the mask), the
//! year and month of birth and the sex; the birth day and the last four stay
//! inside the sealed number. Searching by the last four (with a name) uses a
//! keyed hash, filled at start by the application (it needs the key).
//! Also a table of rate-limit windows, counted in one atomic statement.

use sea_query::{ColumnDef, Expr, ExprTrait, Index, Query, Table};

use super::Step;

/// The masked form of a GB 11643 number as the application now makes it
/// (`IdNumber::masked`): the area code and twelve stars. Passports keep theirs.
fn remask(table: &'static str, only_gb: bool) -> Step {
    let mut q = Query::update()
        .table(table)
        .value("id_masked", Expr::cust("substr(id_masked, 1, 6) || '************'"))
        .and_where(Expr::cust("length(id_masked)").eq(18))
        .to_owned();
    if only_gb {
        q.and_where(Expr::col("id_type").ne("护照"));
    }
    Step::Update(q)
}

pub(super) fn steps() -> Vec<Step> {
    vec![
        // The birth date keeps its year and month (the first of the month):
        // enough for ages, the age pyramid and care rules' candidates; the
        // exact day, where needed, is read from the sealed number.
        Step::Alter(Table::alter().table("person").rename_column("birth_date", "birth_month").to_owned()),
        Step::StartOfMonth("person", "birth_month"),
        remask("person", true),
        remask("registration", false),
        // The last four in clear go; a keyed hash of them comes (NULL until
        // the application fills it at start).
        Step::DropIndex(Index::drop().name("ix_person_id_tail").table("person").to_owned()),
        Step::Alter(Table::alter().table("person").drop_column("id_tail4").to_owned()),
        Step::Alter(
            Table::alter().table("person").add_column(ColumnDef::new("id_tail_hash").string_len(64).null()).to_owned(),
        ),
        Step::Index(Index::create().name("ix_person_id_tail_hash").table("person").col("id_tail_hash").to_owned()),
    ]
}

//! Money and the counter: a grace period per fee item before a bill counts
//! as owing (欠费), each community's count of reminders sent per local day
//! (the daily limit is checked against it in one statement), and the key
//! buildings are listed by (1号楼, 2号楼 … 10号楼, not 1, 10, 19, 2).
//!
//! The building key is computed by the application
//! (`domain::registry::building::sort_key`): rows made before this
//! migration get it when linli starts, as people's search keys do.

use sea_query::{ColumnDef, Index, Table};

use super::{Step, index};

/// Days after a bill is issued before it counts as owing, unless a fee item says otherwise.
const DEFAULT_GRACE_DAYS: i64 = 30;

pub(super) fn steps() -> Vec<Step> {
    vec![
        Step::Alter(
            Table::alter()
                .table("fee_item")
                .add_column(ColumnDef::new("grace_days").big_integer().not_null().default(DEFAULT_GRACE_DAYS))
                .to_owned(),
        ),
        Step::Alter(
            Table::alter()
                .table("building")
                .add_column(ColumnDef::new("sort_key").string_len(96).not_null().default(""))
                .to_owned(),
        ),
        // Compared by code point on both engines, as the key is made to be.
        Step::CodePointOrder("building", "sort_key", 96),
        index("ix_building_sort", "building", &["community_id", "sort_key"], false),
        Step::Table(
            Table::create()
                .table("reminder_quota")
                .col(ColumnDef::new("community_id").string_len(12).not_null())
                // The local day, YYYY-MM-DD.
                .col(ColumnDef::new("day").string_len(10).not_null())
                .col(ColumnDef::new("sent").big_integer().not_null())
                .primary_key(Index::create().col("community_id").col("day"))
                .to_owned(),
        ),
    ]
}

//! Event categories (GB/T 30428 事件 and 部件), each with its handler and
//! deadline.

use sea_query::Order;

use crate::row::row;
use crate::{Db, Result, Tx};

row! {
    table "event_category";
    /// A category of events.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct CategoryRow {
        /// Code: two digits, a child's four (its parent's and two more).
        pub code: String,
        /// The parent's code.
        pub parent_code: Option<String>,
        /// Name.
        pub name: String,
        /// Who handles it: a role or department key, or a name.
        pub handler: String,
        /// Deadline in hours from dispatch.
        pub deadline_hours: i64,
        /// GB/T 30428: 事件 or 部件.
        pub class: String,
        /// Offered to reporters.
        pub active: bool,
        /// Its requests are listed through Open311 without a key.
        pub public: bool,
        /// The extra fields it asks for, as JSON.
        pub fields: String,
    }
}

/// Every category, active or not, by code.
pub async fn categories(db: &Db) -> Result<Vec<CategoryRow>> {
    let q = CategoryRow::select().order_by("code", Order::Asc).to_owned();
    CategoryRow::all(db, &q).await
}

/// Adds a category, or changes one with the same code.
pub async fn save_category(tx: &mut Tx, c: &CategoryRow) -> Result<()> {
    let q = CategoryRow::insert()
        .values_panic(c.values())
        .on_conflict(
            sea_query::OnConflict::column("code")
                .update_columns(["name", "handler", "deadline_hours", "class", "active", "public", "fields"])
                .to_owned(),
        )
        .to_owned();
    tx.execute(&q).await?;
    Ok(())
}

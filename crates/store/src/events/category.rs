//! Event categories (GB/T 30428 事件 and 部件), each with its handler and
//! deadline.

use sea_query::{Order, Query};

use crate::{Db, Result, Tx};

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
}

const CATEGORY_COLUMNS: [&str; 7] = ["code", "parent_code", "name", "handler", "deadline_hours", "class", "active"];

/// Every category, active or not, by code.
pub async fn categories(db: &Db) -> Result<Vec<CategoryRow>> {
    let q = Query::select().columns(CATEGORY_COLUMNS).from("event_category").order_by("code", Order::Asc).to_owned();
    db.fetch_all(&q)
        .await?
        .iter()
        .map(|r| {
            Ok(CategoryRow {
                code: r.get("code")?,
                parent_code: r.get("parent_code")?,
                name: r.get("name")?,
                handler: r.get("handler")?,
                deadline_hours: r.get("deadline_hours")?,
                class: r.get("class")?,
                active: r.get("active")?,
            })
        })
        .collect()
}

/// Adds a category, or changes one with the same code.
pub async fn save_category(tx: &mut Tx, c: &CategoryRow) -> Result<()> {
    let q = Query::insert()
        .into_table("event_category")
        .columns(CATEGORY_COLUMNS)
        .values_panic([
            c.code.clone().into(),
            c.parent_code.clone().into(),
            c.name.clone().into(),
            c.handler.clone().into(),
            c.deadline_hours.into(),
            c.class.clone().into(),
            c.active.into(),
        ])
        .on_conflict(
            sea_query::OnConflict::column("code")
                .update_columns(["name", "handler", "deadline_hours", "class", "active"])
                .to_owned(),
        )
        .to_owned();
    tx.execute(&q).await?;
    Ok(())
}

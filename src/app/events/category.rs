//! The category tree of events, as admins keep it: codes, who handles each
//! kind, deadlines, the GB/T 30428 class, and whether reporters see it.

use linli_store::events::category::{self as store, CategoryRow};
use serde_json::json;

use crate::app::access::audit::record;
use crate::app::access::auth::User;
use crate::app::refusal::Reason;
use crate::app::{App, Error, Result};
use crate::domain::access::role::Role;
use crate::domain::events::field::{Field, check_definition};

/// A category as a channel offers it.
#[derive(Debug, Clone)]
pub struct Category {
    /// Code.
    pub code: String,
    /// The code of the category it is under.
    pub parent: Option<String>,
    /// Name.
    pub name: String,
    /// Who handles it (a handler key, see `domain::events::event::handler_zh`).
    pub handler: String,
    /// Deadline in hours from dispatch.
    pub hours: i64,
    /// GB/T 30428: 事件 or 部件.
    pub class: String,
    /// Offered to reporters.
    pub active: bool,
    /// Its requests are listed through Open311 without a key (no personal
    /// data); private ones (disputes, safety) only to a key of the region.
    pub public: bool,
    /// The extra fields it asks a reporter for.
    pub fields: Vec<Field>,
}

/// A category as an admin writes it.
#[derive(Debug, Clone)]
pub struct CategoryInput {
    /// Two digits for a top category, four (the parent's two first) for a child.
    pub code: String,
    /// Name, 1–32 characters.
    pub name: String,
    /// Who handles it: `community_staff`, `property`, `police_office`,
    /// `mediation`, `street_enforcement`, or a department's name.
    pub handler: String,
    /// Deadline from dispatch, 1–2160 hours.
    pub hours: i64,
    /// 事件 or 部件.
    pub class: String,
    /// Offered to reporters.
    pub active: bool,
    /// Listed publicly through Open311.
    pub public: bool,
    /// The extra fields it asks for; `None` keeps those it has.
    pub fields: Option<Vec<Field>>,
}

/// The classes of GB/T 30428: 事件 (events) and 部件 (parts of the city).
pub const CLASSES: [&str; 2] = ["事件", "部件"];

/// Who keeps the tree: it is the same for every community of the district.
pub fn may_edit(user: &User) -> bool {
    user.account.grants.iter().any(|(r, _)| matches!(r, Role::SystemAdmin | Role::DistrictAdmin))
}

/// Checks an input; returns the row to store.
pub fn check(c: &CategoryInput, existing: &[CategoryRow]) -> Result<CategoryRow> {
    let code = c.code.trim();
    if !(code.len() == 2 || code.len() == 4) || !code.bytes().all(|b| b.is_ascii_digit()) {
        return Err(Error::invalid("code", Reason::CategoryCode));
    }
    let parent = (code.len() == 4).then(|| code[..2].to_owned());
    if let Some(p) = &parent
        && !existing.iter().any(|e| &e.code == p)
    {
        return Err(Error::invalid("code", Reason::NoParentCategory));
    }
    let name = c.name.trim();
    if name.is_empty() || name.chars().count() > 32 {
        return Err(Error::invalid("name", Reason::CategoryName));
    }
    let handler = c.handler.trim();
    if handler.is_empty() || handler.chars().count() > 32 {
        return Err(Error::invalid("handler", Reason::CategoryHandler));
    }
    if !(1..=2160).contains(&c.hours) {
        return Err(Error::invalid("hours", Reason::CategoryHours));
    }
    if !CLASSES.contains(&c.class.as_str()) {
        return Err(Error::invalid("class", Reason::CategoryClass { classes: &CLASSES }));
    }
    let fields = match &c.fields {
        Some(f) => {
            check_definition(f).map_err(|p| Error::invalid("fields", Reason::CategoryFields(p)))?;
            serde_json::to_string(f).expect("fields are plain data")
        }
        None => existing.iter().find(|e| e.code == code).map_or_else(|| "[]".to_owned(), |e| e.fields.clone()),
    };
    Ok(CategoryRow {
        code: code.to_owned(),
        parent_code: parent,
        name: name.to_owned(),
        handler: handler.to_owned(),
        deadline_hours: c.hours,
        class: c.class.clone(),
        active: c.active,
        public: c.public,
        fields,
    })
}

impl App {
    /// Adds or changes a category (system or district admins); audited.
    pub async fn save_category(&self, user: &User, ip: &str, c: &CategoryInput) -> Result<CategoryRow> {
        if !may_edit(user) {
            return Err(Error::Forbidden);
        }
        let existing = store::categories(self.db()).await?;
        let row = check(c, &existing)?;
        let before = existing.iter().find(|e| e.code == row.code);
        let mut tx = self.db().begin().await?;
        store::save_category(&mut tx, &row).await?;
        let detail = json!({
            "name": row.name, "handler": row.handler, "hours": row.deadline_hours, "class": row.class,
            "active": row.active, "public": row.public, "new": before.is_none(), "fields": row.fields,
        });
        record(&mut tx, &user.actor(ip), "event.category", &row.code, detail).await?;
        tx.commit().await?;
        self.cache().categories = None;
        Ok(row)
    }
}

impl App {
    /// Every category, active or not, parents before children.
    pub async fn categories(&self) -> Result<Vec<Category>> {
        if let Some((at, tree)) = &self.cache().categories
            && at.elapsed() < crate::app::CACHE_FOR
        {
            return Ok(tree.as_ref().clone());
        }
        let tree = self.read_categories().await?;
        self.cache().categories = Some((std::time::Instant::now(), std::sync::Arc::new(tree.clone())));
        Ok(tree)
    }

    async fn read_categories(&self) -> Result<Vec<Category>> {
        let all: Vec<Category> = store::categories(self.db())
            .await?
            .into_iter()
            .map(|c| Category {
                code: c.code,
                parent: c.parent_code,
                name: c.name,
                handler: c.handler,
                hours: c.deadline_hours,
                class: c.class,
                active: c.active,
                public: c.public,
                // Written checked; a row this version cannot read asks for nothing.
                fields: serde_json::from_str(&c.fields).unwrap_or_default(),
            })
            .collect();
        let mut out = Vec::new();
        for top in all.iter().filter(|c| c.parent.is_none()) {
            out.push(top.clone());
            out.extend(all.iter().filter(|c| c.parent.as_deref() == Some(top.code.as_str())).cloned());
        }
        Ok(out)
    }

    /// A category by code, active or not.
    pub(crate) async fn category(&self, code: &str) -> Result<Option<Category>> {
        Ok(self.categories().await?.into_iter().find(|c| c.code == code))
    }

    /// A category's name by code.
    pub(crate) async fn category_name(&self, code: &str) -> Result<Option<String>> {
        Ok(self.category(code).await?.map(|c| c.name))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(code: &str) -> CategoryInput {
        CategoryInput {
            code: code.into(),
            name: "高空抛物".into(),
            handler: "police_office".into(),
            hours: 12,
            class: "事件".into(),
            active: true,
            public: false,
            fields: None,
        }
    }

    #[test]
    fn codes_names_deadlines_and_classes_are_checked() {
        let top = check(&input("03"), &[]).unwrap();
        assert_eq!(top.parent_code, None);
        let child = check(&input("0303"), std::slice::from_ref(&top)).unwrap();
        assert_eq!(child.parent_code.as_deref(), Some("03"));
        assert!(check(&input("0901"), std::slice::from_ref(&top)).is_err(), "no parent 09");
        for bad in ["3", "003", "0a", "030303"] {
            assert!(check(&input(bad), &[]).is_err(), "{bad}");
        }
        let mut c = input("11");
        c.hours = 0;
        assert!(check(&c, &[]).is_err());
        c.hours = 24;
        c.class = "其他".into();
        assert!(check(&c, &[]).is_err());
        c.class = "部件".into();
        c.name = " ".into();
        assert!(check(&c, &[]).is_err());
    }
}

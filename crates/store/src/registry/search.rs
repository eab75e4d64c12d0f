//! Finding people by the keys staff type, each with where they live. Every
//! read takes the caller's scope into its WHERE clause.

use chrono::NaiveDate;
use sea_query::{Cond, Expr, ExprTrait, LikeExpr, Order, Query, SelectStatement};
use uuid::Uuid;

use crate::registry::household::HouseholdRow;
use crate::registry::person::{PERSON_COLUMNS, PersonRow, person};
use crate::scope::{self, JoinPlace};
use crate::{Db, Result, Row};

/// What to look people up by; personal values come already hashed.
#[derive(Debug, Clone)]
pub enum Key {
    /// Names starting with this text.
    NamePrefix(String),
    /// Pinyin initials equal to it, or full pinyin starting with it.
    Pinyin(String),
    /// Any of these ID-number hashes (one per key of the ring).
    IdHashes(Vec<String>),
    /// Any of these phone hashes.
    PhoneHashes(Vec<String>),
    /// Names starting with the text, of people whose ID number's last four
    /// characters have any of these keyed hashes.
    NameIdTail(String, Vec<String>),
    /// Phones ending in these four digits.
    PhoneTail4(String),
    /// Buildings whose name contains the text, and the room if given.
    Address(String, Option<String>),
}

/// A person with the household they are registered in.
#[derive(Debug, Clone)]
pub struct PersonHit {
    /// The person.
    pub person: PersonRow,
    /// Their household and where it is.
    pub place: HouseholdRow,
}

/// One above the highest code point: the end of a prefix range. Both engines
/// compare these columns by code point (see `dialect::code_point_order`).
fn prefix_range(column: &'static str, prefix: &str) -> Cond {
    Cond::all()
        .add(Expr::col(("person", column)).gte(prefix))
        .add(Expr::col(("person", column)).lt(format!("{prefix}{}", char::MAX)))
}

fn key_condition(key: &Key) -> Cond {
    let col = |c: &'static str| Expr::col(("person", c));
    match key {
        Key::NamePrefix(p) => prefix_range("name", p),
        Key::Pinyin(p) => Cond::any().add(col("name_initials").eq(p.as_str())).add(prefix_range("name_pinyin", p)),
        Key::IdHashes(h) => Cond::all().add(col("id_hash").is_in(h.iter().cloned())),
        Key::PhoneHashes(h) => Cond::all().add(col("phone_hash").is_in(h.iter().cloned())),
        Key::NameIdTail(name, h) => prefix_range("name", name).add(col("id_tail_hash").is_in(h.iter().cloned())),
        Key::PhoneTail4(t) => Cond::all().add(col("phone_tail4").eq(t.as_str())),
        Key::Address(building, room) => {
            let escaped = building.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_");
            let like = |pattern: String| Expr::col(("building", "name")).like(LikeExpr::new(pattern).escape('\\'));
            let mut c = Cond::all().add(like(format!("%{escaped}%")));
            // "1号楼" is not "21号楼": a number is not the end of a longer one.
            if building.starts_with(|ch: char| ch.is_ascii_digit()) {
                let longer = (0..10).fold(Cond::any(), |any, d| any.add(like(format!("%{d}{escaped}%"))));
                c = c.add(Cond::any().add(like(format!("{escaped}%"))).add(longer.not()));
            }
            if let Some(r) = room {
                c = c.add(Expr::col(("house", "room")).eq(r.as_str()));
            }
            c
        }
    }
}

fn people_with_place() -> SelectStatement {
    Query::select()
        .columns(PERSON_COLUMNS.iter().map(|c| ("person", *c)))
        .expr_as(Expr::col(("building", "name")), "building")
        .expr_as(Expr::col(("building", "grid_code")), "grid_code")
        .expr_as(Expr::col(("house", "unit")), "unit")
        .expr_as(Expr::col(("house", "room")), "room")
        .expr_as(Expr::col(("household", "created_at")), "household_since")
        .from("person")
        .join_household_place()
        .to_owned()
}

fn hit(r: &Row) -> Result<PersonHit> {
    let person = person(r)?;
    let place = HouseholdRow {
        community_id: person.community_id.clone(),
        id: person.household_id,
        building: r.get("building")?,
        grid_code: r.get("grid_code")?,
        unit: r.get("unit")?,
        room: r.get("room")?,
        created_at: r.get("household_since")?,
    };
    Ok(PersonHit { person, place })
}

/// People in scope matching the key, at most `limit`: those still living
/// here first, then by name. The order is made after the limit — sorting
/// every match of a common name in SQL would cost more than the search; a
/// caller that gets `limit` rows asks the user to narrow it.
pub async fn search(db: &Db, prefixes: &[String], key: &Key, limit: u64) -> Result<Vec<PersonHit>> {
    if prefixes.is_empty() {
        return Ok(Vec::new());
    }
    let q = people_with_place()
        .cond_where(scope::building(prefixes))
        .cond_where(key_condition(key))
        .limit(limit)
        .to_owned();
    let mut hits = db.fetch_all(&q).await?.iter().map(hit).collect::<Result<Vec<_>>>()?;
    hits.sort_by(|a, b| {
        (a.person.status != "active", &a.person.name).cmp(&(b.person.status != "active", &b.person.name))
    });
    Ok(hits)
}

/// People living under a region, within scope, who carry any tag (the
/// special groups a grid worker looks after), at most `limit`.
pub async fn tagged_under(db: &Db, prefixes: &[String], under: &str, limit: u64) -> Result<Vec<PersonHit>> {
    if prefixes.is_empty() {
        return Ok(Vec::new());
    }
    let q = people_with_place()
        .cond_where(scope::building(prefixes))
        .cond_where(scope::building(&[under.to_owned()]))
        .and_where(Expr::col(("person", "tags")).ne(""))
        .and_where(Expr::col(("person", "status")).eq("active"))
        .order_by(("building", "sort_key"), Order::Asc)
        .order_by(("house", "room"), Order::Asc)
        .limit(limit)
        .to_owned();
    db.fetch_all(&q).await?.iter().map(hit).collect()
}

/// Active people under a region, within scope, born by `born_by` (by
/// month: the stored birth month is the first of it, so this is a superset)
/// or carrying one of `tags`: the candidates of proactive rules, at most
/// `limit` (the rules themselves, to the day, are checked by the caller).
pub async fn care_candidates(
    db: &Db,
    prefixes: &[String],
    under: &str,
    born_by: Option<NaiveDate>,
    tags: &[String],
    limit: u64,
) -> Result<Vec<PersonHit>> {
    if prefixes.is_empty() || (born_by.is_none() && tags.is_empty()) {
        return Ok(Vec::new());
    }
    let mut any = Cond::any();
    if let Some(b) = born_by {
        any = any.add(Expr::col(("person", "birth_month")).lte(b));
    }
    for t in tags {
        let escaped = t.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_");
        any = any.add(Expr::col(("person", "tags")).like(LikeExpr::new(format!("%{escaped}%")).escape('\\')));
    }
    let q = people_with_place()
        .cond_where(scope::building(prefixes))
        .cond_where(scope::building(&[under.to_owned()]))
        .and_where(Expr::col(("person", "status")).eq("active"))
        .cond_where(any)
        .order_by(("building", "sort_key"), Order::Asc)
        .order_by(("house", "room"), Order::Asc)
        .limit(limit)
        .to_owned();
    db.fetch_all(&q).await?.iter().map(hit).collect()
}

/// One person, only if within scope.
pub async fn in_scope_by_id(db: &Db, prefixes: &[String], id: Uuid) -> Result<Option<PersonHit>> {
    if prefixes.is_empty() {
        return Ok(None);
    }
    let q = people_with_place()
        .cond_where(scope::building(prefixes))
        .and_where(Expr::col(("person", "id")).eq(id))
        .to_owned();
    db.fetch_optional(&q).await?.as_ref().map(hit).transpose()
}

//! People found, read and changed one at a time: search by the keys staff
//! type, a person with where they live, their history, and the changes that
//! write it. Every read takes the caller's scope into its WHERE clause.

use chrono::{DateTime, NaiveDate, Utc};
use sea_query::{Cond, Expr, ExprTrait, LikeExpr, Order, Query, SelectStatement};
use uuid::Uuid;

use crate::registry::{HouseholdRow, JoinPlace, PERSON_COLUMNS, PersonRow, in_scope, person};
use crate::{Db, Result, Row, Tx};

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
            let mut c = Cond::all()
                .add(Expr::col(("building", "name")).like(LikeExpr::new(format!("%{escaped}%")).escape('\\')));
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
    let q = people_with_place().cond_where(in_scope(prefixes)).cond_where(key_condition(key)).limit(limit).to_owned();
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
        .cond_where(in_scope(prefixes))
        .cond_where(in_scope(&[under.to_owned()]))
        .and_where(Expr::col(("person", "tags")).ne(""))
        .and_where(Expr::col(("person", "status")).eq("active"))
        .limit(limit)
        .to_owned();
    let mut hits = db.fetch_all(&q).await?.iter().map(hit).collect::<Result<Vec<_>>>()?;
    hits.sort_by(|a, b| (&a.place.building, &a.place.room).cmp(&(&b.place.building, &b.place.room)));
    Ok(hits)
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
        .cond_where(in_scope(prefixes))
        .cond_where(in_scope(&[under.to_owned()]))
        .and_where(Expr::col(("person", "status")).eq("active"))
        .cond_where(any)
        .limit(limit)
        .to_owned();
    let mut hits = db.fetch_all(&q).await?.iter().map(hit).collect::<Result<Vec<_>>>()?;
    hits.sort_by(|a, b| (&a.place.building, &a.place.room).cmp(&(&b.place.building, &b.place.room)));
    Ok(hits)
}

/// One person, only if within scope.
pub async fn in_scope_by_id(db: &Db, prefixes: &[String], id: Uuid) -> Result<Option<PersonHit>> {
    if prefixes.is_empty() {
        return Ok(None);
    }
    let q = people_with_place().cond_where(in_scope(prefixes)).and_where(Expr::col(("person", "id")).eq(id)).to_owned();
    db.fetch_optional(&q).await?.as_ref().map(hit).transpose()
}

/// The people of households in scope under a region prefix, living here,
/// with just what statistics need: (birth month, sex, residency, tags).
pub async fn profile_of(db: &Db, prefixes: &[String], under: &str) -> Result<Vec<(NaiveDate, String, String, String)>> {
    if prefixes.is_empty() {
        return Ok(Vec::new());
    }
    let q = Query::select()
        .columns([("person", "birth_month"), ("person", "sex"), ("person", "residency"), ("person", "tags")])
        .from("person")
        .join_household_place()
        .cond_where(in_scope(prefixes))
        .cond_where(in_scope(&[under.to_owned()]))
        .and_where(Expr::col(("person", "status")).eq("active"))
        .to_owned();
    db.fetch_all(&q)
        .await?
        .iter()
        .map(|r| Ok((r.get("birth_month")?, r.get("sex")?, r.get("residency")?, r.get("tags")?)))
        .collect()
}

/// The editable part of a person, written whole.
#[derive(Debug, Clone)]
pub struct PersonUpdate {
    /// Name.
    pub name: String,
    /// Its pinyin.
    pub name_pinyin: String,
    /// Its initials.
    pub name_initials: String,
    /// Sealed phone.
    pub phone_sealed: Option<String>,
    /// Keyed hash of the phone.
    pub phone_hash: Option<String>,
    /// Last four digits of the phone.
    pub phone_tail4: Option<String>,
    /// Relation to the head.
    pub relation: String,
    /// Comma-separated tags.
    pub tags: String,
    /// The other facts.
    pub facts: crate::registry::PersonFacts,
}

/// Writes a person's editable fields.
pub async fn update(tx: &mut Tx, community_id: &str, id: Uuid, u: &PersonUpdate) -> Result<bool> {
    let q = Query::update()
        .table("person")
        .values([
            ("name", u.name.clone().into()),
            ("name_pinyin", u.name_pinyin.clone().into()),
            ("name_initials", u.name_initials.clone().into()),
            ("phone_sealed", u.phone_sealed.clone().into()),
            ("phone_hash", u.phone_hash.clone().into()),
            ("phone_tail4", u.phone_tail4.clone().into()),
            ("relation", u.relation.clone().into()),
            ("tags", u.tags.clone().into()),
            ("id_type", u.facts.id_type.clone().into()),
            ("ethnicity", u.facts.ethnicity.clone().into()),
            ("political", u.facts.political.clone().into()),
            ("residency", u.facts.residency.clone().into()),
            ("employment", u.facts.employment.clone().into()),
        ])
        .and_where(Expr::col("community_id").eq(community_id))
        .and_where(Expr::col("id").eq(id))
        .to_owned();
    Ok(tx.execute(&q).await? == 1)
}

/// Sets whether a person still lives here (`active`, `moved_out`, `deceased`).
pub async fn set_status(tx: &mut Tx, community_id: &str, id: Uuid, status: &str) -> Result<bool> {
    let q = Query::update()
        .table("person")
        .values([("status", status.into())])
        .and_where(Expr::col("community_id").eq(community_id))
        .and_where(Expr::col("id").eq(id))
        .to_owned();
    Ok(tx.execute(&q).await? == 1)
}

/// Registers a person in another household of the same community.
pub async fn set_household(tx: &mut Tx, community_id: &str, id: Uuid, household: Uuid) -> Result<bool> {
    let q = Query::update()
        .table("person")
        .values([("household_id", household.into()), ("status", "active".into())])
        .and_where(Expr::col("community_id").eq(community_id))
        .and_where(Expr::col("id").eq(id))
        .to_owned();
    Ok(tx.execute(&q).await? == 1)
}

/// One entry of a person's history.
#[derive(Debug, Clone)]
pub struct HistoryEntry {
    /// Community code.
    pub community_id: String,
    /// Identifier (UUIDv7: ordered by time).
    pub id: Uuid,
    /// The person.
    pub person_id: Uuid,
    /// Their household when it happened.
    pub household_id: Uuid,
    /// `move_out`, `move`, `death`, `update`, `return`.
    pub kind: String,
    /// When.
    pub at: DateTime<Utc>,
    /// Who (account name, or `cli`).
    pub actor: String,
    /// Why, when given.
    pub reason: Option<String>,
    /// JSON with `before` and `after`, personal values masked.
    pub detail: String,
}

const HISTORY_COLUMNS: [&str; 9] =
    ["community_id", "id", "person_id", "household_id", "kind", "at", "actor", "reason", "detail"];

/// Appends to a person's history.
pub async fn add_history(tx: &mut Tx, e: &HistoryEntry) -> Result<()> {
    let q = Query::insert()
        .into_table("person_history")
        .columns(HISTORY_COLUMNS)
        .values_panic([
            e.community_id.clone().into(),
            e.id.into(),
            e.person_id.into(),
            e.household_id.into(),
            e.kind.clone().into(),
            e.at.into(),
            e.actor.clone().into(),
            e.reason.clone().into(),
            e.detail.clone().into(),
        ])
        .to_owned();
    tx.execute(&q).await?;
    Ok(())
}

/// The history of everyone who has lived in a household, newest first.
pub async fn household_history(db: &Db, community_id: &str, household_id: Uuid) -> Result<Vec<HistoryEntry>> {
    let q = Query::select()
        .columns(HISTORY_COLUMNS)
        .from("person_history")
        .and_where(Expr::col("community_id").eq(community_id))
        .and_where(Expr::col("household_id").eq(household_id))
        .order_by("id", Order::Desc)
        .limit(200)
        .to_owned();
    db.fetch_all(&q).await?.iter().map(history_entry).collect()
}

/// Names of people by id, in one community.
pub async fn names(db: &Db, community_id: &str, ids: &[Uuid]) -> Result<Vec<(Uuid, String)>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let q = Query::select()
        .columns(["id", "name"])
        .from("person")
        .and_where(Expr::col("community_id").eq(community_id))
        .and_where(Expr::col("id").is_in(ids.iter().copied()))
        .to_owned();
    db.fetch_all(&q).await?.iter().map(|r| Ok((r.get("id")?, r.get("name")?))).collect()
}

/// A person's history, newest first.
pub async fn history(db: &Db, community_id: &str, person_id: Uuid) -> Result<Vec<HistoryEntry>> {
    let q = Query::select()
        .columns(HISTORY_COLUMNS)
        .from("person_history")
        .and_where(Expr::col("community_id").eq(community_id))
        .and_where(Expr::col("person_id").eq(person_id))
        .order_by("id", Order::Desc)
        .to_owned();
    db.fetch_all(&q).await?.iter().map(history_entry).collect()
}

fn history_entry(r: &Row) -> Result<HistoryEntry> {
    Ok(HistoryEntry {
        community_id: r.get("community_id")?,
        id: r.get("id")?,
        person_id: r.get("person_id")?,
        household_id: r.get("household_id")?,
        kind: r.get("kind")?,
        at: r.get("at")?,
        actor: r.get("actor")?,
        reason: r.get("reason")?,
        detail: r.get("detail")?,
    })
}

/// People whose search keys are not filled yet (rows from before
/// migrations 7 and 21), at most `limit`.
pub async fn missing_keys(db: &Db, limit: u64) -> Result<Vec<PersonRow>> {
    let q = Query::select()
        .columns(PERSON_COLUMNS)
        .from("person")
        .and_where(Expr::col("id_tail_hash").is_null())
        .limit(limit)
        .to_owned();
    db.fetch_all(&q).await?.iter().map(person).collect()
}

/// Fills a person's search keys: pinyin, initials, the keyed hash of the
/// ID's last four (empty when the number could not be opened), phone tail.
pub async fn set_keys(tx: &mut Tx, p: &PersonRow, keys: (&str, &str, &str, Option<&str>)) -> Result<()> {
    let q = Query::update()
        .table("person")
        .values([
            ("name_pinyin", keys.0.into()),
            ("name_initials", keys.1.into()),
            ("id_tail_hash", keys.2.into()),
            ("phone_tail4", keys.3.map(str::to_owned).into()),
        ])
        .and_where(Expr::col("community_id").eq(p.community_id.as_str()))
        .and_where(Expr::col("id").eq(p.id))
        .to_owned();
    tx.execute(&q).await?;
    Ok(())
}

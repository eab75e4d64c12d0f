//! People (实有人口) as stored: added one at a time or in bulk, read by
//! household or by ID-number hash, and changed. Personal values arrive
//! sealed and hashed.

use chrono::{DateTime, NaiveDate, Utc};
use sea_query::{Cond, Expr, ExprTrait, IntoCondition, Order, Query};
use uuid::Uuid;

use crate::registry::load::BATCH;
use crate::scope::JoinPlace;
use crate::{Db, Result, Row, Tx};

/// A person to insert (personal values already sealed and hashed).
#[derive(Debug, Clone)]
pub struct NewPerson {
    /// Community code.
    pub community_id: String,
    /// Identifier.
    pub id: Uuid,
    /// Household.
    pub household_id: Uuid,
    /// Name.
    pub name: String,
    /// Sealed ID number.
    pub id_sealed: String,
    /// Keyed hash of the ID number.
    pub id_hash: String,
    /// Masked ID number, for lists (the area code only).
    pub id_masked: String,
    /// The first day of the month of birth: the day itself is not stored
    /// in clear (with the area code it would narrow the number to a few).
    pub birth_month: NaiveDate,
    /// `male` or `female`, from the ID number.
    pub sex: String,
    /// Sealed phone.
    pub phone_sealed: Option<String>,
    /// Keyed hash of the phone.
    pub phone_hash: Option<String>,
    /// Relation to the head (本人, 配偶, 子女 …).
    pub relation: String,
    /// Comma-separated tags (独居老人, 残疾人 …).
    pub tags: String,
    /// The rest of what is known about them.
    pub facts: PersonFacts,
    /// Full pinyin of the name, for search.
    pub name_pinyin: String,
    /// Pinyin initials of the name, for search.
    pub name_initials: String,
    /// Keyed hash of the ID number's last four characters, to find a
    /// person by name and those four.
    pub id_tail_hash: String,
    /// Last four digits of the phone (shown in its masked form anyway).
    pub phone_tail4: Option<String>,
}

/// What the registry knows of a person beyond name, ID and phone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonFacts {
    /// 居民身份证, 港澳台居民居住证, 外国人永久居留身份证 …
    pub id_type: String,
    /// GB/T 3304 code, `01` for 汉族.
    pub ethnicity: String,
    /// 中共党员, 共青团员, 群众 …
    pub political: String,
    /// 户籍, 流动 or 境外.
    pub residency: String,
    /// Work, school or 退休, free text.
    pub employment: String,
}

impl Default for PersonFacts {
    fn default() -> Self {
        PersonFacts {
            id_type: "居民身份证".into(),
            ethnicity: "01".into(),
            political: "群众".into(),
            residency: "户籍".into(),
            employment: String::new(),
        }
    }
}

pub(crate) const PERSON_COLUMNS: [&str; 21] = [
    "community_id",
    "id",
    "household_id",
    "name",
    "id_sealed",
    "id_hash",
    "id_masked",
    "birth_month",
    "sex",
    "phone_sealed",
    "phone_hash",
    "relation",
    "tags",
    "id_type",
    "ethnicity",
    "political",
    "residency",
    "employment",
    "status",
    "phone_tail4",
    "registered_at",
];

/// Columns written on insert beyond [`PERSON_COLUMNS`].
const PERSON_KEYS: [&str; 3] = ["name_pinyin", "name_initials", "id_tail_hash"];

/// Inserts a person.
pub async fn insert_person(tx: &mut Tx, p: &NewPerson) -> Result<()> {
    insert_people(tx, vec![p.clone()]).await
}

/// Inserts many people.
pub async fn insert_people(tx: &mut Tx, rows: Vec<NewPerson>) -> Result<()> {
    let now = Utc::now();
    let mut rows = rows.into_iter().peekable();
    while rows.peek().is_some() {
        let mut q =
            Query::insert().into_table("person").columns(PERSON_COLUMNS.into_iter().chain(PERSON_KEYS)).to_owned();
        // Fields are moved, not copied: a million people are a lot of strings.
        for p in rows.by_ref().take(BATCH) {
            q.values_panic([
                p.community_id.into(),
                p.id.into(),
                p.household_id.into(),
                p.name.into(),
                p.id_sealed.into(),
                p.id_hash.into(),
                p.id_masked.into(),
                p.birth_month.into(),
                p.sex.into(),
                p.phone_sealed.into(),
                p.phone_hash.into(),
                p.relation.into(),
                p.tags.into(),
                p.facts.id_type.into(),
                p.facts.ethnicity.into(),
                p.facts.political.into(),
                p.facts.residency.into(),
                p.facts.employment.into(),
                "active".into(),
                p.phone_tail4.into(),
                now.into(),
                p.name_pinyin.into(),
                p.name_initials.into(),
                p.id_tail_hash.into(),
            ]);
        }
        tx.bulk_insert(&q).await?;
    }
    Ok(())
}

/// Whether anybody is registered.
pub async fn any_person(db: &Db) -> Result<bool> {
    let q = Query::select().column("id").from("person").limit(1).to_owned();
    Ok(db.fetch_optional(&q).await?.is_some())
}

/// A person as stored (ID and phone sealed).
#[derive(Debug, Clone)]
pub struct PersonRow {
    /// Community code.
    pub community_id: String,
    /// Identifier.
    pub id: Uuid,
    /// Household.
    pub household_id: Uuid,
    /// Name.
    pub name: String,
    /// Sealed ID number.
    pub id_sealed: String,
    /// Masked ID number.
    pub id_masked: String,
    /// The first day of the month of birth (see [`NewPerson::birth_month`]).
    pub birth_month: NaiveDate,
    /// `male` or `female`.
    pub sex: String,
    /// Sealed phone.
    pub phone_sealed: Option<String>,
    /// Relation to the head.
    pub relation: String,
    /// Comma-separated tags.
    pub tags: String,
    /// The rest of what is known.
    pub facts: PersonFacts,
    /// `active`, `moved_out` or `deceased`.
    pub status: String,
    /// When they were registered (missing for rows from before it was kept).
    pub registered_at: Option<DateTime<Utc>>,
}

pub(crate) fn person(r: &Row) -> Result<PersonRow> {
    Ok(PersonRow {
        community_id: r.get("community_id")?,
        id: r.get("id")?,
        household_id: r.get("household_id")?,
        name: r.get("name")?,
        id_sealed: r.get("id_sealed")?,
        id_masked: r.get("id_masked")?,
        birth_month: r.get("birth_month")?,
        sex: r.get("sex")?,
        phone_sealed: r.get("phone_sealed")?,
        relation: r.get("relation")?,
        tags: r.get("tags")?,
        facts: PersonFacts {
            id_type: r.get("id_type")?,
            ethnicity: r.get("ethnicity")?,
            political: r.get("political")?,
            residency: r.get("residency")?,
            employment: r.get("employment")?,
        },
        status: r.get("status")?,
        registered_at: r.get("registered_at")?,
    })
}

/// The people of households (already checked to be in scope), in order of
/// household, then head first.
pub async fn people_of(db: &Db, households: &[(String, Uuid)]) -> Result<Vec<PersonRow>> {
    if households.is_empty() {
        return Ok(Vec::new());
    }
    let cond = households.iter().fold(Cond::any(), |c, (community, id)| {
        c.add(Expr::col("community_id").eq(community.as_str()).and(Expr::col("household_id").eq(*id)).into_condition())
    });
    let q = Query::select()
        .columns(PERSON_COLUMNS)
        .from("person")
        .cond_where(cond)
        .order_by("household_id", Order::Asc)
        .order_by("birth_month", Order::Asc)
        .to_owned();
    db.fetch_all(&q).await?.iter().map(person).collect()
}

/// A person found by ID-number hash (any of the ring's hashes), with the
/// household's grid: for matching a resident's registration.
pub async fn person_by_id_hashes(db: &Db, hashes: &[String]) -> Result<Option<(PersonRow, String, Option<String>)>> {
    let q = Query::select()
        .columns(PERSON_COLUMNS.iter().map(|c| ("person", *c)))
        .expr_as(Expr::col(("building", "grid_code")), "grid_code")
        .from("person")
        .join_household_place()
        .and_where(Expr::col(("person", "id_hash")).is_in(hashes.iter().cloned()))
        .limit(1)
        .to_owned();
    db.fetch_optional(&q).await?.map(|r| Ok((person(&r)?, r.get("grid_code")?, r.get("phone_hash")?))).transpose()
}

/// Which of these ID hashes are already registered.
pub async fn existing_id_hashes(db: &Db, hashes: &[String]) -> Result<Vec<String>> {
    let mut out = Vec::new();
    for chunk in hashes.chunks(500) {
        let q = Query::select()
            .column("id_hash")
            .from("person")
            .and_where(Expr::col("id_hash").is_in(chunk.iter().cloned()))
            .to_owned();
        for r in db.fetch_all(&q).await? {
            out.push(r.get("id_hash")?);
        }
    }
    Ok(out)
}

/// The people registered under any of these ID hashes, with the hash each
/// was found by.
pub async fn people_by_id_hashes(db: &Db, hashes: &[String]) -> Result<Vec<(String, PersonRow)>> {
    let mut out = Vec::new();
    for chunk in hashes.chunks(500) {
        let q = Query::select()
            .columns(PERSON_COLUMNS)
            .from("person")
            .and_where(Expr::col("id_hash").is_in(chunk.iter().cloned()))
            .to_owned();
        for r in db.fetch_all(&q).await? {
            out.push((r.get("id_hash")?, person(&r)?));
        }
    }
    Ok(out)
}

/// A person's sealed phone (to deliver a message addressed to them).
pub async fn person_phone(db: &Db, community_id: &str, person: Uuid) -> Result<Option<String>> {
    let q = Query::select()
        .column("phone_sealed")
        .from("person")
        .and_where(Expr::col("community_id").eq(community_id))
        .and_where(Expr::col("id").eq(person))
        .to_owned();
    Ok(db.fetch_optional(&q).await?.map(|r| r.get("phone_sealed")).transpose()?.flatten())
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
    pub facts: PersonFacts,
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

/// One person of a community.
pub async fn person_in(db: &Db, community_id: &str, id: Uuid) -> Result<Option<PersonRow>> {
    let q = Query::select()
        .columns(PERSON_COLUMNS)
        .from("person")
        .and_where(Expr::col("community_id").eq(community_id))
        .and_where(Expr::col("id").eq(id))
        .to_owned();
    db.fetch_optional(&q).await?.as_ref().map(person).transpose()
}

/// The living people of a community born in or before a month, oldest
/// first, at most `limit`: whom a day care centre may enrol.
pub async fn elders_in(db: &Db, community_id: &str, born_by: NaiveDate, limit: u64) -> Result<Vec<PersonRow>> {
    let q = Query::select()
        .columns(PERSON_COLUMNS)
        .from("person")
        .and_where(Expr::col("community_id").eq(community_id))
        .and_where(Expr::col("status").eq("active"))
        .and_where(Expr::col("birth_month").lte(born_by))
        .order_by("birth_month", Order::Asc)
        .order_by("name", Order::Asc)
        .limit(limit)
        .to_owned();
    db.fetch_all(&q).await?.iter().map(person).collect()
}

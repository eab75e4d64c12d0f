//! Buildings, houses, households and people. Every read takes the caller's
//! scope — region-code prefixes — and puts it in the query's WHERE clause,
//! so a row outside it is never fetched.

use chrono::{DateTime, NaiveDate, Utc};
use sea_query::{Cond, Expr, ExprTrait, IntoCondition, LikeExpr, Order, Query, SelectStatement};
use uuid::Uuid;

use crate::{Db, Result, Row, Tx};

/// The tables a bulk load fills (to refresh their statistics after).
pub const TABLES: [&str; 4] = ["building", "house", "household", "person"];

/// A building to insert.
#[derive(Debug, Clone)]
pub struct NewBuilding {
    /// Community code.
    pub community_id: String,
    /// Identifier.
    pub id: Uuid,
    /// Grid (or sub-grid) code it belongs to.
    pub grid_code: String,
    /// Name, e.g. 交通路小区 3号楼.
    pub name: String,
    /// Token printed in its QR code.
    pub qr_token: String,
}

/// A house to insert.
#[derive(Debug, Clone)]
pub struct NewHouse {
    /// Community code.
    pub community_id: String,
    /// Identifier.
    pub id: Uuid,
    /// Its building.
    pub building_id: Uuid,
    /// Unit (单元).
    pub unit: String,
    /// Room number.
    pub room: String,
    /// Area in hundredths of m².
    pub area_centi_m2: i64,
    /// 自住, 出租, 空置 or 商铺.
    pub house_use: String,
}

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

/// Inserts a building.
pub async fn insert_building(tx: &mut Tx, b: &NewBuilding) -> Result<()> {
    insert_buildings(tx, std::slice::from_ref(b)).await
}

/// Inserts a house with the household living in it.
pub async fn insert_house(tx: &mut Tx, h: &NewHouse, household: Uuid) -> Result<()> {
    insert_houses_with_households(tx, &[(h.clone(), household)]).await
}

/// Inserts a person.
pub async fn insert_person(tx: &mut Tx, p: &NewPerson) -> Result<()> {
    insert_people(tx, vec![p.clone()]).await
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

/// Whether any building exists (the demo fills an empty registry).
pub async fn any_building(db: &Db) -> Result<bool> {
    let q = Query::select().column("id").from("building").limit(1).to_owned();
    Ok(db.fetch_optional(&q).await?.is_some())
}

/// Whether anybody is registered.
pub async fn any_person(db: &Db) -> Result<bool> {
    let q = Query::select().column("id").from("person").limit(1).to_owned();
    Ok(db.fetch_optional(&q).await?.is_some())
}

/// A household as listed: where it is, and who lives there.
#[derive(Debug, Clone)]
pub struct HouseholdRow {
    /// Community code.
    pub community_id: String,
    /// Identifier.
    pub id: Uuid,
    /// Building name.
    pub building: String,
    /// The building's grid.
    pub grid_code: String,
    /// Unit.
    pub unit: String,
    /// Room.
    pub room: String,
    /// Since.
    pub created_at: DateTime<Utc>,
}

/// The scope condition: the building's grid code starts with one of `prefixes`.
pub(crate) fn in_scope(prefixes: &[String]) -> Cond {
    prefixes.iter().fold(Cond::any(), |c, p| {
        // Prefixes are digits only (checked codes), so LIKE needs no escaping.
        c.add(Expr::col(("building", "grid_code")).like(LikeExpr::new(format!("{p}%"))))
    })
}

fn households_query(prefixes: &[String]) -> SelectStatement {
    Query::select()
        .expr_as(Expr::col(("household", "community_id")), "community_id")
        .expr_as(Expr::col(("household", "id")), "id")
        .expr_as(Expr::col(("household", "created_at")), "created_at")
        .expr_as(Expr::col(("building", "name")), "building")
        .expr_as(Expr::col(("building", "grid_code")), "grid_code")
        .expr_as(Expr::col(("house", "unit")), "unit")
        .expr_as(Expr::col(("house", "room")), "room")
        .from("household")
        .to_owned()
        .join_place()
        .cond_where(in_scope(prefixes))
        .to_owned()
}

/// Joins a household's house and building (where it is, and so its grid).
pub(crate) trait JoinPlace {
    fn join_place(&mut self) -> &mut Self;

    /// From a person: their household, its house and building.
    fn join_household_place(&mut self) -> &mut Self;
}

impl JoinPlace for SelectStatement {
    fn join_household_place(&mut self) -> &mut Self {
        self.inner_join(
            "household",
            Expr::col(("household", "community_id"))
                .equals(("person", "community_id"))
                .and(Expr::col(("household", "id")).equals(("person", "household_id"))),
        )
        .join_place()
    }

    fn join_place(&mut self) -> &mut Self {
        self.inner_join(
            "house",
            Expr::col(("house", "community_id"))
                .equals(("household", "community_id"))
                .and(Expr::col(("house", "id")).equals(("household", "house_id"))),
        )
        .inner_join(
            "building",
            Expr::col(("building", "community_id"))
                .equals(("house", "community_id"))
                .and(Expr::col(("building", "id")).equals(("house", "building_id"))),
        )
    }
}

fn household(r: &Row) -> Result<HouseholdRow> {
    Ok(HouseholdRow {
        community_id: r.get("community_id")?,
        id: r.get("id")?,
        building: r.get("building")?,
        grid_code: r.get("grid_code")?,
        unit: r.get("unit")?,
        room: r.get("room")?,
        created_at: r.get("created_at")?,
    })
}

/// Households within scope, by building, unit and room.
pub async fn households(db: &Db, prefixes: &[String], limit: u64) -> Result<Vec<HouseholdRow>> {
    if prefixes.is_empty() {
        return Ok(Vec::new());
    }
    let q = households_query(prefixes)
        .order_by(("building", "name"), Order::Asc)
        .order_by(("house", "unit"), Order::Asc)
        .order_by(("house", "room"), Order::Asc)
        .limit(limit)
        .to_owned();
    db.fetch_all(&q).await?.iter().map(household).collect()
}

/// One page of the households within scope, optionally under one region
/// (a grid, say), by building, unit and room; with the total count.
pub async fn households_page(
    db: &Db,
    prefixes: &[String],
    under: Option<&str>,
    offset: u64,
    limit: u64,
) -> Result<(Vec<HouseholdRow>, u64)> {
    if prefixes.is_empty() {
        return Ok((Vec::new(), 0));
    }
    let mut base = households_query(prefixes);
    if let Some(u) = under {
        base.cond_where(in_scope(&[u.to_owned()]));
    }
    let count = Query::select()
        .expr_as(Expr::col(("household", "id")).count(), "n")
        .from("household")
        .join_place()
        .cond_where(in_scope(prefixes))
        .cond_where(under.map_or_else(Cond::all, |u| in_scope(&[u.to_owned()])))
        .to_owned();
    let total: i64 = db.fetch_optional(&count).await?.map_or(Ok(0), |r| r.get("n"))?;
    let q = base
        .order_by(("building", "grid_code"), Order::Asc)
        .order_by(("building", "name"), Order::Asc)
        .order_by(("house", "unit"), Order::Asc)
        .order_by(("house", "room"), Order::Asc)
        .offset(offset)
        .limit(limit)
        .to_owned();
    Ok((db.fetch_all(&q).await?.iter().map(household).collect::<Result<_>>()?, total as u64))
}

/// The households of one building, within scope.
pub async fn households_in_building(db: &Db, prefixes: &[String], building: Uuid) -> Result<Vec<HouseholdRow>> {
    if prefixes.is_empty() {
        return Ok(Vec::new());
    }
    let q = households_query(prefixes).and_where(Expr::col(("building", "id")).eq(building)).to_owned();
    db.fetch_all(&q).await?.iter().map(household).collect()
}

/// One household, only if it is within scope.
pub async fn household_in_scope(db: &Db, prefixes: &[String], id: Uuid) -> Result<Option<HouseholdRow>> {
    if prefixes.is_empty() {
        return Ok(None);
    }
    let q = households_query(prefixes).and_where(Expr::col(("household", "id")).eq(id)).to_owned();
    db.fetch_optional(&q).await?.as_ref().map(household).transpose()
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

/// Links an account to the person it is.
pub async fn link_resident(tx: &mut Tx, community_id: &str, account_id: Uuid, person_id: Uuid) -> Result<()> {
    let q = Query::insert()
        .into_table("resident_link")
        .columns(["community_id", "account_id", "person_id", "linked_at"])
        .values_panic([community_id.into(), account_id.into(), person_id.into(), Utc::now().into()])
        .to_owned();
    tx.execute(&q).await?;
    Ok(())
}

/// The households an account's linked people live in, as (community, household).
pub async fn linked_households(db: &Db, account_id: Uuid) -> Result<Vec<(String, Uuid)>> {
    Ok(linked_people(db, account_id).await?.into_iter().map(|p| (p.community_id, p.household_id)).collect())
}

/// A household by its key, without scope: only for a resident's own,
/// after [`linked_households`] said it is theirs.
pub async fn household_by_key(db: &Db, community_id: &str, id: Uuid) -> Result<Option<HouseholdRow>> {
    let q = households_query(&[community_id.to_owned()])
        .and_where(Expr::col(("household", "community_id")).eq(community_id))
        .and_where(Expr::col(("household", "id")).eq(id))
        .to_owned();
    db.fetch_optional(&q).await?.as_ref().map(household).transpose()
}

/// A registration waiting for staff.
#[derive(Debug, Clone)]
pub struct RegistrationRow {
    /// Community chosen by the registrant.
    pub community_id: String,
    /// Identifier.
    pub id: Uuid,
    /// Name given.
    pub name: String,
    /// Masked ID number.
    pub id_masked: String,
    /// Sealed ID number.
    pub id_sealed: String,
    /// Sealed phone.
    pub phone_sealed: String,
    /// Phone hash.
    pub phone_hash: String,
    /// Masked phone.
    pub phone_masked: String,
    /// The chosen password's hash.
    pub password_hash: String,
    /// `pending`, `approved` or `rejected`.
    pub state: String,
    /// Submitted at.
    pub created_at: DateTime<Utc>,
}

const REGISTRATION_COLUMNS: [&str; 11] = [
    "community_id",
    "id",
    "name",
    "id_masked",
    "id_sealed",
    "phone_sealed",
    "phone_hash",
    "phone_masked",
    "password_hash",
    "state",
    "created_at",
];

fn registration(r: &Row) -> Result<RegistrationRow> {
    Ok(RegistrationRow {
        community_id: r.get("community_id")?,
        id: r.get("id")?,
        name: r.get("name")?,
        id_masked: r.get("id_masked")?,
        id_sealed: r.get("id_sealed")?,
        phone_sealed: r.get("phone_sealed")?,
        phone_hash: r.get("phone_hash")?,
        phone_masked: r.get("phone_masked")?,
        password_hash: r.get("password_hash")?,
        state: r.get("state")?,
        created_at: r.get("created_at")?,
    })
}

/// Stores a registration for staff to verify.
pub async fn insert_registration(tx: &mut Tx, r: &RegistrationRow) -> Result<()> {
    let q = Query::insert()
        .into_table("registration")
        .columns(REGISTRATION_COLUMNS)
        .values_panic([
            r.community_id.clone().into(),
            r.id.into(),
            r.name.clone().into(),
            r.id_masked.clone().into(),
            r.id_sealed.clone().into(),
            r.phone_sealed.clone().into(),
            r.phone_hash.clone().into(),
            r.phone_masked.clone().into(),
            r.password_hash.clone().into(),
            r.state.clone().into(),
            r.created_at.into(),
        ])
        .to_owned();
    tx.execute(&q).await?;
    Ok(())
}

/// Pending registrations of communities whose codes start with one of `prefixes`.
pub async fn pending_registrations(db: &Db, prefixes: &[String]) -> Result<Vec<RegistrationRow>> {
    if prefixes.is_empty() {
        return Ok(Vec::new());
    }
    let scope = prefixes.iter().fold(Cond::any(), |c, p| {
        c.add(Expr::col("community_id").like(LikeExpr::new(format!("{}%", &p[..p.len().min(12)]))))
    });
    let q = Query::select()
        .columns(REGISTRATION_COLUMNS)
        .from("registration")
        .cond_where(scope)
        .and_where(Expr::col("state").eq("pending"))
        .order_by("created_at", Order::Asc)
        .to_owned();
    db.fetch_all(&q).await?.iter().map(registration).collect()
}

/// Marks a pending registration decided; false if it was not pending.
pub async fn decide_registration(tx: &mut Tx, community_id: &str, id: Uuid, state: &str, by: &str) -> Result<bool> {
    let q = Query::update()
        .table("registration")
        .values([("state", state.into()), ("decided_by", by.into()), ("decided_at", Utc::now().into())])
        .and_where(Expr::col("community_id").eq(community_id))
        .and_where(Expr::col("id").eq(id))
        .and_where(Expr::col("state").eq("pending"))
        .to_owned();
    Ok(tx.execute(&q).await? == 1)
}

/// The buildings of a grid: (id, name).
pub async fn buildings_of_grid(db: &Db, grid_code: &str) -> Result<Vec<(Uuid, String)>> {
    let q = Query::select()
        .columns(["id", "name"])
        .from("building")
        .and_where(Expr::col("grid_code").eq(grid_code))
        .to_owned();
    db.fetch_all(&q).await?.iter().map(|r| Ok((r.get("id")?, r.get("name")?))).collect()
}

/// The households of a building by address: (unit, room, household id).
pub async fn households_of_building(
    db: &Db,
    community_id: &str,
    building: Uuid,
) -> Result<Vec<(String, String, Uuid)>> {
    let q = Query::select()
        .expr_as(Expr::col(("house", "unit")), "unit")
        .expr_as(Expr::col(("house", "room")), "room")
        .expr_as(Expr::col(("household", "id")), "household")
        .from("household")
        .inner_join(
            "house",
            Expr::col(("house", "community_id"))
                .equals(("household", "community_id"))
                .and(Expr::col(("house", "id")).equals(("household", "house_id"))),
        )
        .and_where(Expr::col(("house", "community_id")).eq(community_id))
        .and_where(Expr::col(("house", "building_id")).eq(building))
        .to_owned();
    db.fetch_all(&q).await?.iter().map(|r| Ok((r.get("unit")?, r.get("room")?, r.get("household")?))).collect()
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

/// The secondary indexes of `person` that a bulk load rebuilds, as
/// migrations 5, 7 and 21 made them. `ix_person_household` stays: a load adds
/// people in the order of their (time-ordered) household ids, at its end.
pub const PERSON_INDEXES: [(&str, &[&str]); 7] = [
    ("ix_person_id_hash", &["id_hash"]),
    ("ix_person_name", &["name"]),
    ("ix_person_pinyin", &["name_pinyin"]),
    ("ix_person_initials", &["name_initials"]),
    ("ix_person_id_tail_hash", &["id_tail_hash"]),
    ("ix_person_phone_tail", &["phone_tail4"]),
    ("ix_person_phone_hash", &["phone_hash"]),
];

/// How many people are registered (at most `cap`, counted cheaply).
async fn people_count_upto(tx: &mut Tx, cap: u64) -> Result<u64> {
    let inner = Query::select().column("id").from("person").limit(cap).to_owned();
    let q = Query::select().expr_as(Expr::col(("p", "id")).count(), "n").from_subquery(inner, "p").to_owned();
    let n: i64 = tx.fetch_optional(&q).await?.map_or(Ok(0), |r| r.get("n"))?;
    Ok(n as u64)
}

/// Prepares a bulk load of `adding` people: when they outnumber those
/// already registered, on an engine where it is safe (SQLite: readers keep
/// their snapshot with the indexes until the load commits; PostgreSQL
/// would lock readers out), `person`'s secondary indexes are dropped, to be
/// built once by sorting in [`finish_bulk_load`] instead of being updated
/// at a random place per row. Returns whether they were.
pub async fn start_bulk_load(tx: &mut Tx, adding: usize) -> Result<bool> {
    if !crate::dialect::rebuild_indexes_in_bulk(tx.backend()) || adding < 20_000 {
        return Ok(false);
    }
    if people_count_upto(tx, adding as u64).await? >= adding as u64 {
        return Ok(false);
    }
    drop_person_indexes(tx).await?;
    Ok(true)
}

/// Rebuilds what [`start_bulk_load`] dropped.
pub async fn finish_bulk_load(tx: &mut Tx, dropped: bool) -> Result<()> {
    if dropped {
        create_person_indexes(tx).await?;
    }
    Ok(())
}

async fn drop_person_indexes(tx: &mut Tx) -> Result<()> {
    for (name, _) in PERSON_INDEXES {
        let drop = sea_query::Index::drop().name(name).table("person").to_owned();
        let sql = crate::dialect::drop_index(tx.backend(), &drop);
        tx.execute_sql(&sql).await?;
    }
    Ok(())
}

async fn create_person_indexes(tx: &mut Tx) -> Result<()> {
    for (name, cols) in PERSON_INDEXES {
        let mut create = sea_query::Index::create().name(name).table("person").to_owned();
        for c in cols {
            create.col(*c);
        }
        let sql = crate::dialect::create_index(tx.backend(), &create);
        tx.execute_sql(&sql).await?;
    }
    Ok(())
}

/// Rows per multi-row INSERT: far under both engines' parameter limits, and
/// one statement instead of a hundred (each statement costs SQLite's driver a
/// thread hand-off).
const BATCH: usize = 100;

/// Inserts many buildings.
pub async fn insert_buildings(tx: &mut Tx, rows: &[NewBuilding]) -> Result<()> {
    let now = Utc::now();
    for chunk in rows.chunks(BATCH) {
        let mut q = Query::insert()
            .into_table("building")
            .columns(["community_id", "id", "grid_code", "name", "qr_token", "created_at"])
            .to_owned();
        for b in chunk {
            q.values_panic([
                b.community_id.clone().into(),
                b.id.into(),
                b.grid_code.clone().into(),
                b.name.clone().into(),
                b.qr_token.clone().into(),
                now.into(),
            ]);
        }
        tx.bulk_insert(&q).await?;
    }
    Ok(())
}

/// Inserts many houses, each with its household: (house, household id).
pub async fn insert_houses_with_households(tx: &mut Tx, rows: &[(NewHouse, Uuid)]) -> Result<()> {
    let now = Utc::now();
    for chunk in rows.chunks(BATCH) {
        let houses = houses_insert(chunk.iter().map(|(h, _)| h));
        let mut households = Query::insert()
            .into_table("household")
            .columns(["community_id", "id", "house_id", "created_at"])
            .to_owned();
        for (h, household) in chunk {
            households.values_panic([h.community_id.clone().into(), (*household).into(), h.id.into(), now.into()]);
        }
        tx.bulk_insert(&houses).await?;
        tx.bulk_insert(&households).await?;
    }
    Ok(())
}

/// Registers a household in an existing house.
pub async fn insert_household(tx: &mut Tx, community_id: &str, household: Uuid, house: Uuid) -> Result<()> {
    let q = Query::insert()
        .into_table("household")
        .columns(["community_id", "id", "house_id", "created_at"])
        .values_panic([community_id.into(), household.into(), house.into(), Utc::now().into()])
        .to_owned();
    tx.execute(&q).await?;
    Ok(())
}

/// Inserts many houses with nobody registered in them (空置, 商铺).
pub async fn insert_houses(tx: &mut Tx, rows: &[NewHouse]) -> Result<()> {
    for chunk in rows.chunks(BATCH) {
        tx.bulk_insert(&houses_insert(chunk.iter())).await?;
    }
    Ok(())
}

fn houses_insert<'a>(houses: impl Iterator<Item = &'a NewHouse>) -> sea_query::InsertStatement {
    let mut q = Query::insert()
        .into_table("house")
        .columns(["community_id", "id", "building_id", "unit", "room", "area_cm2x100", "house_use"])
        .to_owned();
    for h in houses {
        q.values_panic([
            h.community_id.clone().into(),
            h.id.into(),
            h.building_id.into(),
            h.unit.clone().into(),
            h.room.clone().into(),
            h.area_centi_m2.into(),
            h.house_use.clone().into(),
        ]);
    }
    q
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

/// A building as its QR code's page shows it.
#[derive(Debug, Clone)]
pub struct BuildingCard {
    /// Identifier.
    pub id: Uuid,
    /// Community code.
    pub community_id: String,
    /// Building name.
    pub name: String,
    /// Its grid.
    pub grid_code: String,
    /// The token in its QR code.
    pub qr_token: String,
}

fn card(r: &Row) -> Result<BuildingCard> {
    Ok(BuildingCard {
        id: r.get("id")?,
        community_id: r.get("community_id")?,
        name: r.get("name")?,
        grid_code: r.get("grid_code")?,
        qr_token: r.get("qr_token")?,
    })
}

/// A building by its community and QR token (the unique key).
pub async fn building_by_token(db: &Db, community_id: &str, token: &str) -> Result<Option<BuildingCard>> {
    let q = Query::select()
        .columns(["id", "community_id", "name", "grid_code", "qr_token"])
        .from("building")
        .and_where(Expr::col("community_id").eq(community_id))
        .and_where(Expr::col("qr_token").eq(token))
        .to_owned();
    db.fetch_optional(&q).await?.as_ref().map(card).transpose()
}

/// A building of a community by id.
pub async fn building_card(db: &Db, community_id: &str, id: Uuid) -> Result<Option<BuildingCard>> {
    let q = Query::select()
        .columns(["id", "community_id", "name", "grid_code", "qr_token"])
        .from("building")
        .and_where(Expr::col("community_id").eq(community_id))
        .and_where(Expr::col("id").eq(id))
        .to_owned();
    db.fetch_optional(&q).await?.as_ref().map(card).transpose()
}

/// The buildings of a community, by grid and name.
pub async fn buildings_of_community(db: &Db, community_id: &str) -> Result<Vec<BuildingCard>> {
    let q = Query::select()
        .columns(["id", "community_id", "name", "grid_code", "qr_token"])
        .from("building")
        .and_where(Expr::col("community_id").eq(community_id))
        .order_by("grid_code", Order::Asc)
        .order_by("name", Order::Asc)
        .to_owned();
    db.fetch_all(&q).await?.iter().map(card).collect()
}

/// The grid workers granted on exactly this grid: (account id, display name).
pub async fn grid_worker_accounts(db: &Db, grid_code: &str) -> Result<Vec<(Uuid, String)>> {
    let q = Query::select()
        .expr_as(Expr::col(("account", "id")), "id")
        .expr_as(Expr::col(("account", "display_name")), "name")
        .from("role_grant")
        .inner_join("account", Expr::col(("account", "id")).equals(("role_grant", "account_id")))
        .and_where(Expr::col(("role_grant", "role")).eq("grid_worker"))
        .and_where(Expr::col(("role_grant", "region_code")).eq(grid_code))
        .and_where(Expr::col(("account", "disabled")).eq(false))
        .order_by(("account", "display_name"), Order::Asc)
        .to_owned();
    db.fetch_all(&q).await?.iter().map(|r| Ok((r.get("id")?, r.get("name")?))).collect()
}

/// Names of the grid workers granted on exactly this grid.
pub async fn grid_workers(db: &Db, grid_code: &str) -> Result<Vec<String>> {
    let q = Query::select()
        .expr_as(Expr::col(("account", "display_name")), "name")
        .from("role_grant")
        .inner_join("account", Expr::col(("account", "id")).equals(("role_grant", "account_id")))
        .and_where(Expr::col(("role_grant", "role")).eq("grid_worker"))
        .and_where(Expr::col(("role_grant", "region_code")).eq(grid_code))
        .and_where(Expr::col(("account", "disabled")).eq(false))
        .order_by(("account", "display_name"), Order::Asc)
        .to_owned();
    db.fetch_all(&q).await?.iter().map(|r| r.get("name")).collect()
}

/// The people an account is linked to (a resident's own records).
pub async fn linked_people(db: &Db, account_id: Uuid) -> Result<Vec<PersonRow>> {
    let q = Query::select()
        .columns(PERSON_COLUMNS.iter().map(|c| ("person", *c)))
        .from("resident_link")
        .inner_join(
            "person",
            Expr::col(("person", "community_id"))
                .equals(("resident_link", "community_id"))
                .and(Expr::col(("person", "id")).equals(("resident_link", "person_id"))),
        )
        .and_where(Expr::col(("resident_link", "account_id")).eq(account_id))
        .to_owned();
    db.fetch_all(&q).await?.iter().map(person).collect()
}

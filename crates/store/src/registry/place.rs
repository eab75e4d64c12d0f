//! Buildings with their houses, grids' boundaries, and organisations (实有
//!单位): what a tree from district to house shows, and the changes staff
//! make to it. Reads take the caller's scope into their WHERE clause.

use chrono::{DateTime, Utc};
use sea_query::{Expr, ExprTrait, Order, Query};
use uuid::Uuid;

use crate::row::row;
use crate::scope;
use crate::{Db, Result, Tx};

row! {
    /// A BuildingRow::from_row as a grid lists it.
    #[derive(Debug, Clone)]
    pub struct BuildingRow {
        /// Community code.
        pub community_id: String,
        /// Identifier.
        pub id: Uuid,
        /// Its grid.
        pub grid_code: String,
        /// Name.
        pub name: String,
        /// The token in its QR code.
        pub qr_token: String,
        /// Households registered in it.
        pub households: i64,
    }
}

fn buildings_query() -> sea_query::SelectStatement {
    Query::select()
        .columns([
            ("building", "community_id"),
            ("building", "id"),
            ("building", "grid_code"),
            ("building", "name"),
            ("building", "qr_token"),
        ])
        .expr_as(Expr::col(("household", "id")).count(), "households")
        .from("building")
        .left_join(
            "house",
            Expr::col(("house", "community_id"))
                .equals(("building", "community_id"))
                .and(Expr::col(("house", "building_id")).equals(("building", "id"))),
        )
        .left_join(
            "household",
            Expr::col(("household", "community_id"))
                .equals(("house", "community_id"))
                .and(Expr::col(("household", "house_id")).equals(("house", "id"))),
        )
        .group_by_columns([
            ("building", "community_id"),
            ("building", "id"),
            ("building", "grid_code"),
            ("building", "name"),
            ("building", "qr_token"),
        ])
        .to_owned()
}

/// The buildings under a region (a grid, or all a community's), within scope.
pub async fn buildings_under(db: &Db, prefixes: &[String], under: &str) -> Result<Vec<BuildingRow>> {
    if prefixes.is_empty() {
        return Ok(Vec::new());
    }
    let q = buildings_query()
        .cond_where(scope::building(prefixes))
        .cond_where(scope::building(&[under.to_owned()]))
        .order_by(("building", "grid_code"), Order::Asc)
        .order_by(("building", "sort_key"), Order::Asc)
        .to_owned();
    db.fetch_all(&q).await?.iter().map(BuildingRow::from_row).collect()
}

/// One BuildingRow::from_row, only if within scope.
pub async fn building_in_scope(db: &Db, prefixes: &[String], id: Uuid) -> Result<Option<BuildingRow>> {
    if prefixes.is_empty() {
        return Ok(None);
    }
    let q = buildings_query()
        .cond_where(scope::building(prefixes))
        .and_where(Expr::col(("building", "id")).eq(id))
        .to_owned();
    db.fetch_optional(&q).await?.as_ref().map(BuildingRow::from_row).transpose()
}

/// A house with the household living in it, if any.
#[derive(Debug, Clone)]
pub struct HouseRow {
    /// Identifier.
    pub id: Uuid,
    /// Unit.
    pub unit: String,
    /// Room.
    pub room: String,
    /// Area in hundredths of m².
    pub area_centi_m2: i64,
    /// 自住, 出租, 空置 or 商铺.
    pub house_use: String,
    /// The household registered in it.
    pub household: Option<Uuid>,
}

/// The houses of a BuildingRow::from_row (already checked to be in scope), by unit and room.
pub async fn houses_of(db: &Db, community_id: &str, building: Uuid) -> Result<Vec<HouseRow>> {
    let q = Query::select()
        .columns([
            ("house", "id"),
            ("house", "unit"),
            ("house", "room"),
            ("house", "area_cm2x100"),
            ("house", "house_use"),
        ])
        .expr_as(Expr::col(("household", "id")), "household")
        .from("house")
        .left_join(
            "household",
            Expr::col(("household", "community_id"))
                .equals(("house", "community_id"))
                .and(Expr::col(("household", "house_id")).equals(("house", "id"))),
        )
        .and_where(Expr::col(("house", "community_id")).eq(community_id))
        .and_where(Expr::col(("house", "building_id")).eq(building))
        .order_by(("house", "unit"), Order::Asc)
        .order_by(("house", "room"), Order::Asc)
        .to_owned();
    db.fetch_all(&q)
        .await?
        .iter()
        .map(|r| {
            Ok(HouseRow {
                id: r.get("id")?,
                unit: r.get("unit")?,
                room: r.get("room")?,
                area_centi_m2: r.get("area_cm2x100")?,
                house_use: r.get("house_use")?,
                household: r.get("household")?,
            })
        })
        .collect()
}

/// Moves a BuildingRow::from_row to another grid; its households' scope follows (scope
/// is read through the BuildingRow::from_row).
pub async fn set_building_grid(tx: &mut Tx, community_id: &str, id: Uuid, grid_code: &str) -> Result<bool> {
    let q = Query::update()
        .table("building")
        .values([("grid_code", grid_code.into())])
        .and_where(Expr::col("community_id").eq(community_id))
        .and_where(Expr::col("id").eq(id))
        .to_owned();
    Ok(tx.execute(&q).await? == 1)
}

/// Sets a house's use and area.
pub async fn set_house(tx: &mut Tx, community_id: &str, id: Uuid, house_use: &str, area_centi_m2: i64) -> Result<bool> {
    let q = Query::update()
        .table("house")
        .values([("house_use", house_use.into()), ("area_cm2x100", area_centi_m2.into())])
        .and_where(Expr::col("community_id").eq(community_id))
        .and_where(Expr::col("id").eq(id))
        .to_owned();
    Ok(tx.execute(&q).await? == 1)
}

/// A grid's boundary (GeoJSON), if drawn.
pub async fn boundary(db: &Db, grid_code: &str) -> Result<Option<String>> {
    let q = Query::select().column("boundary").from("region").and_where(Expr::col("code").eq(grid_code)).to_owned();
    Ok(db.fetch_optional(&q).await?.map(|r| r.get::<Option<String>>("boundary")).transpose()?.flatten())
}

/// The grids under the prefixes (every grid for an empty prefix) that have
/// a boundary drawn: (code, name, GeoJSON), by code.
pub async fn boundaries(db: &Db, prefixes: &[String]) -> Result<Vec<(String, String, String)>> {
    let scope = prefixes.iter().fold(sea_query::Cond::any(), |c, p| {
        // Prefixes are checked digits: LIKE needs no escaping.
        c.add(Expr::col("code").like(sea_query::LikeExpr::new(format!("{p}%"))))
    });
    let q = Query::select()
        .columns(["code", "name", "boundary"])
        .from("region")
        .cond_where(scope)
        .and_where(Expr::col("boundary").is_not_null())
        .order_by("code", sea_query::Order::Asc)
        .to_owned();
    db.fetch_all(&q).await?.iter().map(|r| Ok((r.get("code")?, r.get("name")?, r.get("boundary")?))).collect()
}

/// Sets a grid's boundary.
pub async fn set_boundary(tx: &mut Tx, grid_code: &str, geojson: Option<&str>) -> Result<bool> {
    let q = Query::update()
        .table("region")
        .values([("boundary", geojson.map(str::to_owned).into())])
        .and_where(Expr::col("code").eq(grid_code))
        .to_owned();
    Ok(tx.execute(&q).await? == 1)
}

row! {
    table "organisation";
    /// An organisation (实有单位).
    #[derive(Debug, Clone)]
    pub struct OrgRow {
        /// Community code.
        pub community_id: String,
        /// Identifier.
        pub id: Uuid,
        /// Its grid.
        pub grid_code: String,
        /// Building it is in, if any.
        pub building_id: Option<Uuid>,
        /// Name.
        pub name: String,
        /// 商铺, 企业, 社会组织, 机关事业单位, 其他.
        pub kind: String,
        /// Address.
        pub address: String,
        /// Contact person.
        pub contact_name: String,
        /// Contact phone (a business line, not sealed).
        pub contact_phone: String,
        /// 统一社会信用代码, or empty.
        pub licence: String,
        /// `open` or `closed`.
        pub status: String,
        /// Registered at.
        pub created_at: DateTime<Utc>,
    }
}

/// Registers organisations.
pub async fn insert_orgs(tx: &mut Tx, rows: &[OrgRow]) -> Result<()> {
    for chunk in rows.chunks(100) {
        let mut q = OrgRow::insert();
        for o in chunk {
            q.values_panic(o.values());
        }
        tx.execute(&q).await?;
    }
    Ok(())
}

/// Organisations under a region, within scope, by grid and name.
pub async fn orgs_under(db: &Db, prefixes: &[String], under: &str) -> Result<Vec<OrgRow>> {
    if prefixes.is_empty() {
        return Ok(Vec::new());
    }
    let scope = |ps: &[String]| {
        ps.iter().fold(sea_query::Cond::any(), |c, p| {
            c.add(Expr::col("grid_code").like(sea_query::LikeExpr::new(format!("{p}%"))))
        })
    };
    let q = OrgRow::select()
        .cond_where(scope(prefixes))
        .cond_where(scope(&[under.to_owned()]))
        .order_by("grid_code", Order::Asc)
        .order_by("name", Order::Asc)
        .to_owned();
    OrgRow::all(db, &q).await
}

/// Marks an organisation closed (注销/迁出); it stays on record.
pub async fn close_org(tx: &mut Tx, community_id: &str, id: Uuid) -> Result<bool> {
    let q = Query::update()
        .table("organisation")
        .values([("status", "closed".into())])
        .and_where(Expr::col("community_id").eq(community_id))
        .and_where(Expr::col("id").eq(id))
        .and_where(Expr::col("status").eq("open"))
        .to_owned();
    Ok(tx.execute(&q).await? == 1)
}

row! {
    /// A member of a grid's team.
    #[derive(Debug, Clone)]
    pub struct TeamMember {
        /// Community code.
        pub community_id: String,
        /// Identifier.
        pub id: Uuid,
        /// The grid.
        pub grid_code: String,
        /// 网格长, 专职网格员, 社区民警 …
        pub role: String,
        /// Name.
        pub name: String,
        /// Work phone.
        pub phone: String,
    }
}

/// Adds team members.
pub async fn insert_team_members(tx: &mut Tx, rows: &[TeamMember]) -> Result<()> {
    let now = Utc::now();
    for chunk in rows.chunks(100) {
        let mut q = Query::insert()
            .into_table("grid_team_member")
            .columns(["community_id", "id", "grid_code", "role", "name", "phone", "active", "created_at"])
            .to_owned();
        for m in chunk {
            q.values_panic([
                m.community_id.clone().into(),
                m.id.into(),
                m.grid_code.clone().into(),
                m.role.clone().into(),
                m.name.clone().into(),
                m.phone.clone().into(),
                true.into(),
                now.into(),
            ]);
        }
        tx.execute(&q).await?;
    }
    Ok(())
}

/// The active members of the teams of grids under a region, by grid.
pub async fn team_under(db: &Db, under: &str) -> Result<Vec<TeamMember>> {
    let q = Query::select()
        .columns(["community_id", "id", "grid_code", "role", "name", "phone"])
        .from("grid_team_member")
        .and_where(Expr::col("grid_code").like(sea_query::LikeExpr::new(format!("{under}%"))))
        .and_where(Expr::col("active").eq(true))
        .order_by("grid_code", Order::Asc)
        .order_by("created_at", Order::Asc)
        .to_owned();
    db.fetch_all(&q).await?.iter().map(TeamMember::from_row).collect()
}

/// Takes a member off their grid's team.
pub async fn leave_team(tx: &mut Tx, grid_code: &str, id: Uuid) -> Result<bool> {
    let q = Query::update()
        .table("grid_team_member")
        .values([("active", false.into())])
        .and_where(Expr::col("grid_code").eq(grid_code))
        .and_where(Expr::col("id").eq(id))
        .and_where(Expr::col("active").eq(true))
        .to_owned();
    Ok(tx.execute(&q).await? == 1)
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
    Ok(grid_worker_accounts(db, grid_code).await?.into_iter().map(|(_, name)| name).collect())
}

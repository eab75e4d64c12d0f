//! Browsing the region tree.

use linli_store::registry::region as store;

use crate::app::refusal::Reason;
use crate::app::{App, Error, Result};
use crate::domain::registry::region::RegionCode;

pub use linli_store::registry::region::{Level, RegionRow};

/// A region with its parents and direct children.
#[derive(Debug, Clone)]
pub struct RegionView {
    /// The region.
    pub region: RegionRow,
    /// From the province down to the parent.
    pub ancestors: Vec<RegionRow>,
    /// Direct children in code order.
    pub children: Vec<RegionRow>,
}

/// The most regions one lookup may ask for.
pub const LOOKUP_LIMIT: usize = 500;

impl App {
    /// One region, its ancestry and children.
    pub async fn region(&self, code: &RegionCode) -> Result<RegionView> {
        let db = self.db();
        let mut ancestors = store::ancestry(db, code.as_str()).await?;
        let region = ancestors.pop().ok_or(Error::RegionNotFound)?;
        let children = store::children(db, code.as_str()).await?;
        Ok(RegionView { region, ancestors, children })
    }

    /// A region's official name.
    pub async fn region_name(&self, code: &RegionCode) -> Result<Option<String>> {
        Ok(store::get(self.db(), code.as_str()).await?.map(|r| r.name))
    }

    /// The short names of regions or grids by code (unknown codes left out).
    pub async fn short_names(&self, codes: &[String]) -> Result<std::collections::HashMap<String, String>> {
        let codes: Vec<&str> = codes.iter().map(String::as_str).collect();
        Ok(store::get_many(self.db(), &codes).await?.into_iter().map(|r| (r.code, r.short_name)).collect())
    }

    /// Many regions at once, in the order asked; unknown codes are skipped.
    pub async fn lookup_regions(&self, codes: &[RegionCode]) -> Result<Vec<RegionRow>> {
        if codes.len() > LOOKUP_LIMIT {
            return Err(Error::invalid("codes", Reason::TooManyCodes { max: LOOKUP_LIMIT }));
        }
        let wanted: Vec<&str> = codes.iter().map(RegionCode::as_str).collect();
        let rows = store::get_many(self.db(), &wanted).await?;
        Ok(wanted.iter().filter_map(|c| rows.iter().find(|r| r.code == *c).cloned()).collect())
    }
}

/// What a deployment serves: its home page's region and the communities it
/// offers (on the home page and the registration form).
#[derive(Debug, Clone)]
pub struct Served {
    /// The home region: the one set, else the lowest region holding every
    /// community served; none while no community has a grid.
    pub home: Option<RegionView>,
    /// The communities under the home region that have registry data (a
    /// grid), in code order.
    pub communities: Vec<RegionRow>,
}

impl App {
    /// The home region and its communities with registry data, from the
    /// `home_region` setting (`None`: from the registry alone).
    pub async fn served(&self, home: Option<&RegionCode>) -> Result<Served> {
        let under = home.map_or("", |h| crate::app::access::account::significant_prefix(h.as_str()));
        // A grid's code is its community's followed by 3 digits (a sub-grid's, by 6 more).
        let grids = store::grids_in(self.db(), &[under.to_owned()]).await?;
        let mut codes: Vec<&str> = grids.iter().filter_map(|g| g.code.get(..12)).collect();
        codes.dedup();
        let communities: Vec<RegionRow> =
            store::get_many(self.db(), &codes).await?.into_iter().filter(|r| r.level == Level::Community).collect();
        let home = match home {
            Some(code) => Some(code.clone()),
            None => holding_all(&communities),
        };
        let home = match home {
            Some(code) => match self.region(&code).await {
                Ok(view) => Some(view),
                Err(Error::RegionNotFound) => None,
                Err(e) => return Err(e),
            },
            None => None,
        };
        Ok(Served { home, communities })
    }
}

/// The lowest region whose code every community's code starts with.
fn holding_all(communities: &[RegionRow]) -> Option<RegionCode> {
    let first = &communities.first()?.code;
    [12, 9, 6, 4, 2]
        .into_iter()
        .filter_map(|n| first.get(..n))
        .find(|prefix| communities.iter().all(|c| c.code.starts_with(prefix)))
        .and_then(|prefix| RegionCode::parse(prefix).ok())
}

/// What `linli import divisions` did (or, in a dry run, would do).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DivisionReport {
    /// The level the file holds.
    pub level: &'static str,
    /// Divisions added.
    pub added: usize,
    /// Divisions already known, their names updated.
    pub updated: usize,
}

impl App {
    /// Loads another district's divisions (streets or communities, in the
    /// shipped CSV format): all or nothing, every bad line reported, each
    /// parent known already or earlier in the file.
    pub async fn import_divisions(
        &self,
        actor: &crate::app::access::audit::Actor,
        text: &str,
        dry_run: bool,
    ) -> std::result::Result<DivisionReport, DivisionError> {
        let (level, rows) = linli_store::registry::region::read_divisions(text).map_err(DivisionError::Lines)?;
        let codes: Vec<&str> = rows.iter().filter_map(|d| d.parent.as_deref()).collect();
        let known_parents = linli_store::registry::region::get_many(self.db(), &codes).await?;
        let own: std::collections::HashSet<&str> = rows.iter().map(|d| d.code.as_str()).collect();
        let orphans: Vec<(usize, String)> = rows
            .iter()
            .filter(|d| {
                d.parent.as_deref().is_some_and(|p| !own.contains(p) && !known_parents.iter().any(|r| r.code == p))
            })
            .map(|d| {
                (
                    d.line,
                    format!(
                        "上级 {} 不存在 / parent {} is unknown",
                        d.parent.as_deref().unwrap_or(""),
                        d.parent.as_deref().unwrap_or("")
                    ),
                )
            })
            .collect();
        if !orphans.is_empty() {
            return Err(DivisionError::Lines(orphans));
        }
        let refs: Vec<&str> = rows.iter().map(|d| d.code.as_str()).collect();
        let mut updated = 0;
        for chunk in refs.chunks(500) {
            updated += linli_store::registry::region::get_many(self.db(), chunk).await?.len();
        }
        let report = DivisionReport { level: level.as_str(), added: rows.len() - updated, updated };
        if dry_run {
            return Ok(report);
        }
        let mut tx = self.db().begin().await?;
        linli_store::registry::region::upsert_divisions(&mut tx, level, &rows).await?;
        let detail = serde_json::json!({ "level": report.level, "added": report.added, "updated": report.updated });
        crate::app::access::audit::record(&mut tx, actor, "divisions.import", level.as_str(), detail).await?;
        tx.commit().await?;
        Ok(report)
    }
}

/// Why a division file was refused.
#[derive(Debug, thiserror::Error)]
pub enum DivisionError {
    /// Lines that are wrong, with what to fix.
    #[error("{} bad lines", .0.len())]
    Lines(Vec<(usize, String)>),
    /// The database failed.
    #[error(transparent)]
    App(#[from] Error),
}

impl From<linli_store::Error> for DivisionError {
    fn from(e: linli_store::Error) -> Self {
        DivisionError::App(Error::Store(e))
    }
}

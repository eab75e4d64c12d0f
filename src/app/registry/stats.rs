//! Grid statistics: households and people under a region, by age band, sex,
//! residency and tag, counted within the viewer's scope.

use std::collections::BTreeMap;

use chrono::Utc;
use linli_store::registry::search as store;

use crate::app::access::auth::User;
use crate::app::registry::household::{SENSITIVE_TAGS, read_scope, works};
use crate::app::{App, Error, Result};
use crate::domain::registry::region::RegionCode;

/// Age bands as community reports use them.
pub const AGE_BANDS: [(&str, u32, u32); 6] =
    [("0–6", 0, 6), ("7–17", 7, 17), ("18–34", 18, 34), ("35–59", 35, 59), ("60–79", 60, 79), ("80+", 80, u32::MAX)];

/// What lives under a region, as far as the viewer may see.
#[derive(Debug, Clone, Default, serde::Serialize, utoipa::ToSchema)]
pub struct Stats {
    /// Region code.
    pub region: String,
    /// Region name.
    pub name: String,
    /// Grids and sub-grids under it.
    pub grids: u64,
    /// Grids with a service and governance team (网格服务治理团队).
    pub teams: u64,
    /// Households.
    pub households: u64,
    /// People living here (not moved out or deceased).
    pub people: u64,
    /// By age band, in [`AGE_BANDS`] order.
    pub by_age: Vec<(String, u64)>,
    /// 男 and 女.
    pub by_sex: Vec<(String, u64)>,
    /// 户籍, 流动, 境外.
    pub by_residency: Vec<(String, u64)>,
    /// People per tag, most first; sensitive tags only for those who work the area.
    pub by_tag: Vec<(String, u64)>,
    /// The age pyramid: ten-year bands from 0–9 to 90+, (band, men, women).
    pub pyramid: Vec<(String, u64, u64)>,
}

impl App {
    /// The regions a user may ask statistics of: their own areas, then the
    /// communities and grids with registered buildings under them.
    pub async fn stats_choices(&self, user: &User) -> Result<Vec<(String, String)>> {
        let scope = read_scope(user);
        let grids = linli_store::registry::region::grids_in(self.db(), &scope).await?;
        let mut codes: Vec<String> =
            scope.iter().filter_map(|p| linli_store::registry::region::canonical_code(p)).collect();
        let mut communities: Vec<String> = grids.iter().map(|g| g.code[..12].to_owned()).collect();
        communities.dedup();
        communities.retain(|c| !codes.contains(c));
        codes.extend(communities);
        let refs: Vec<&str> = codes.iter().map(String::as_str).collect();
        let named = linli_store::registry::region::get_many(self.db(), &refs).await?;
        let mut out: Vec<(String, String)> = codes
            .iter()
            .filter_map(|c| named.iter().find(|r| &r.code == c).map(|r| (r.code.clone(), r.name.clone())))
            .collect();
        out.extend(grids.into_iter().map(|g| (g.code, g.name)));
        Ok(out)
    }

    /// Statistics of a region (district down to sub-grid) within the user's scope.
    pub async fn stats(&self, user: &User, code: &RegionCode) -> Result<Stats> {
        let region =
            linli_store::registry::region::get(self.db(), code.as_str()).await?.ok_or(Error::RegionNotFound)?;
        let scope = read_scope(user);
        // A 12-digit code ending in zeros stands for its significant prefix.
        let under = code.prefix().to_owned();
        if !scope.iter().any(|p| under.starts_with(p.as_str()) || p.starts_with(under.as_str())) {
            return Err(Error::RegionNotFound);
        }
        let (_, households) =
            linli_store::registry::household::households_page(self.db(), &scope, Some(&under), 0, 0).await?;
        let people = store::profile_of(self.db(), &scope, &under).await?;
        let grids = linli_store::registry::region::grids_in(self.db(), std::slice::from_ref(&under)).await?;
        let grids: Vec<_> = grids
            .into_iter()
            .filter(|g| scope.iter().any(|p| g.code.starts_with(p.as_str()) || p.starts_with(&g.code)))
            .collect();
        let mut teamed: Vec<String> = linli_store::registry::place::team_under(self.db(), &under)
            .await?
            .into_iter()
            .map(|m| m.grid_code)
            .collect();
        teamed.dedup();
        let sensitive_ok = works(user, &under);
        let today = Utc::now().date_naive();
        let mut age = [0u64; AGE_BANDS.len()];
        let mut pyramid = [(0u64, 0u64); 10];
        let (mut sex, mut residency, mut tags) =
            (BTreeMap::<String, u64>::new(), BTreeMap::<String, u64>::new(), BTreeMap::<String, u64>::new());
        for (birth, s, r, t) in &people {
            let years = today.years_since(*birth).unwrap_or(0);
            if let Some(i) = AGE_BANDS.iter().position(|(_, lo, hi)| (*lo..=*hi).contains(&years)) {
                age[i] += 1;
            }
            let decade = &mut pyramid[(years / 10).min(9) as usize];
            if s == "male" {
                decade.0 += 1;
            } else {
                decade.1 += 1;
            }
            *sex.entry(if s == "male" { "男" } else { "女" }.to_owned()).or_default() += 1;
            *residency.entry(r.clone()).or_default() += 1;
            for tag in t.split(',').filter(|t| !t.is_empty()) {
                if sensitive_ok || !SENSITIVE_TAGS.contains(&tag) {
                    *tags.entry(tag.to_owned()).or_default() += 1;
                }
            }
        }
        let mut by_tag: Vec<(String, u64)> = tags.into_iter().collect();
        by_tag.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        Ok(Stats {
            region: region.code,
            name: region.name,
            grids: grids.len() as u64,
            teams: teamed.len() as u64,
            households,
            people: people.len() as u64,
            by_age: AGE_BANDS.iter().zip(age).map(|((band, _, _), n)| (band.to_string(), n)).collect(),
            by_sex: sex.into_iter().collect(),
            by_residency: residency.into_iter().collect(),
            by_tag,
            pyramid: pyramid
                .iter()
                .enumerate()
                .map(|(i, (m, w))| {
                    (if i == 9 { "90+".to_owned() } else { format!("{}–{}", i * 10, i * 10 + 9) }, *m, *w)
                })
                .collect(),
        })
    }
}

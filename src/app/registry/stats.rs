//! Grid statistics: households and people under a region, by age band, sex,
//! residency and tag, counted within the viewer's scope.

use chrono::Utc;
use linli_store::dashboard::PersonCount;

use crate::app::access::auth::User;
use crate::app::registry::household::{SENSITIVE_TAGS, read_scope, works};
use crate::app::{App, Error, Result};
use crate::domain::registry::person::{RESIDENCY, TAGS};
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

/// Who is `from` to `to` years old on `today` (no `to`: and over), by birth
/// month: born on or before `today` `from` years ago, and after `today`
/// `to + 1` years ago.
pub fn born_between(from: u32, to: Option<u32>, today: chrono::NaiveDate) -> PersonCount {
    let years_before = |y: u32| today.checked_sub_months(chrono::Months::new(y.checked_mul(12)?));
    PersonCount::Born(to.and_then(|t| years_before(t.saturating_add(1))), years_before(from))
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
        // Everything counted in one pass by the database: the people within
        // both the viewer's scope and the region.
        let within: Vec<String> = scope
            .iter()
            .filter_map(|p| {
                if under.starts_with(p.as_str()) {
                    Some(under.clone())
                } else if p.starts_with(under.as_str()) {
                    Some(p.clone())
                } else {
                    None
                }
            })
            .collect();
        let today = crate::domain::time::day(Utc::now());
        let sensitive_ok = works(user, &under);
        let tags: Vec<&str> = TAGS.iter().copied().filter(|t| sensitive_ok || !SENSITIVE_TAGS.contains(t)).collect();
        let decades: Vec<PersonCount> =
            (0..10u32).map(|i| born_between(i * 10, (i < 9).then_some(i * 10 + 9), today)).collect();
        let mut counts = vec![PersonCount::People, PersonCount::Sex("male".into())];
        counts.extend(AGE_BANDS.iter().map(|(_, lo, hi)| born_between(*lo, (*hi != u32::MAX).then_some(*hi), today)));
        counts.extend(RESIDENCY.iter().map(|r| PersonCount::Residency((*r).into())));
        counts.extend(tags.iter().map(|t| PersonCount::Tag((*t).into())));
        counts.extend(decades.iter().cloned());
        counts.extend(
            decades.iter().map(|d| PersonCount::Both(Box::new(PersonCount::Sex("male".into())), Box::new(d.clone()))),
        );
        let row = linli_store::dashboard::people_table(self.db(), &within, 0, &counts)
            .await?
            .into_iter()
            .next()
            .map_or_else(|| vec![0; counts.len()], |(_, n)| n);
        let n = |i: usize| u64::try_from(row[i]).unwrap_or(0);
        let people = n(0);
        let men = n(1);
        let mut at = 2;
        let by_age: Vec<(String, u64)> =
            AGE_BANDS.iter().enumerate().map(|(i, (band, _, _))| (band.to_string(), n(at + i))).collect();
        at += AGE_BANDS.len();
        let counted: u64 = RESIDENCY.iter().enumerate().map(|(i, _)| n(at + i)).sum();
        let mut by_residency: Vec<(String, u64)> = RESIDENCY
            .iter()
            .enumerate()
            .filter(|(i, _)| n(at + i) > 0)
            .map(|(i, r)| (r.to_string(), n(at + i)))
            .collect();
        if people > counted {
            by_residency.push(("其他".into(), people - counted));
        }
        by_residency.sort();
        at += RESIDENCY.len();
        let mut by_tag: Vec<(String, u64)> =
            tags.iter().enumerate().filter(|(i, _)| n(at + i) > 0).map(|(i, t)| (t.to_string(), n(at + i))).collect();
        by_tag.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        at += tags.len();
        let pyramid: Vec<(String, u64, u64)> = (0..10)
            .map(|i| {
                let band = if i == 9 { "90+".to_owned() } else { format!("{}–{}", i * 10, i * 10 + 9) };
                let (all, male) = (n(at + i), n(at + 10 + i));
                (band, male, all.saturating_sub(male))
            })
            .collect();
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
        Ok(Stats {
            region: region.code,
            name: region.name,
            grids: grids.len() as u64,
            teams: teamed.len() as u64,
            households,
            people,
            by_age,
            by_sex: [("女".to_owned(), people.saturating_sub(men)), ("男".to_owned(), men)]
                .into_iter()
                .filter(|(_, n)| *n > 0)
                .collect(),
            by_residency,
            by_tag,
            pyramid,
        })
    }
}

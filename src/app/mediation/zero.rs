//! 三零 per community, street and month: petitions registered (and those
//! that went above the community), the police office's criminal and
//! public-order cases, and accidents — counted from the cases and the
//! incidents recorded, never typed in.

use crate::app::refusal::CaseRefusal;
use chrono::{Datelike, NaiveDate, Utc};
use linli_store::mediation::zero::{self as store, IncidentRow};
use serde_json::json;
use uuid::Uuid;

use crate::app::access::audit::{Actor, record};
use crate::app::access::auth::User;
use crate::app::refusal::Reason;
use crate::app::registry::household::read_scope;
use crate::app::{App, Error, Result};
use crate::domain::access::role::Role;
use crate::domain::mediation::zero::{Incident, Month};
use crate::domain::registry::region::RegionCode;
use crate::domain::time;

/// A community's year.
#[derive(Debug, Clone)]
pub struct CommunityYear {
    /// Community code.
    pub code: String,
    /// Its name.
    pub name: String,
    /// January to December (months to come stay zero).
    pub months: [Month; 12],
}

/// A region's year: its communities and their sum.
#[derive(Debug, Clone)]
pub struct ZeroYear {
    /// The region.
    pub region: String,
    /// The year.
    pub year: i32,
    /// The months that have begun (1–12).
    pub months_begun: u32,
    /// Each community.
    pub communities: Vec<CommunityYear>,
    /// The region's sum.
    pub total: [Month; 12],
    /// The incidents recorded in the year, newest first.
    pub incidents: Vec<IncidentRow>,
}

/// An incident as typed.
#[derive(Debug, Clone, Default)]
pub struct NewIncident {
    /// The community.
    pub community: String,
    /// criminal, public_order or accident.
    pub kind: String,
    /// When it happened (YYYY-MM-DD).
    pub day: String,
    /// What happened, without names.
    pub summary: String,
    /// The safety event that was an accident: its tracking code.
    pub event: String,
}

/// Whether the user records incidents in `community`: its staff and head,
/// and the members of a police office (their unit's kind; checked by the
/// caller for units).
fn records_as_staff(user: &User, community: &str) -> bool {
    super::keeps_cases(user, community)
}

impl App {
    /// The 三零 figures of a region (a community or a street) for a year;
    /// for whoever reads that region.
    pub async fn zero_year(&self, user: &User, region: &RegionCode, year: i32) -> Result<ZeroYear> {
        let scope = read_scope(user);
        let prefix = region.prefix().to_owned();
        // A community or above, within the reader's scope; a grid worker
        // reads her own community's figures.
        let within =
            |p: &String| prefix.starts_with(p.as_str()) || (prefix.len() == 12 && p.starts_with(prefix.as_str()));
        if region.as_str().len() != 12 || !scope.iter().any(within) {
            return Err(Error::NotFound("region"));
        }
        self.zero_of(region, year).await
    }

    /// The 三零 figures of a community or a street for a year, whoever asks
    /// (counts only: the hall's screen shows this month's).
    pub(crate) async fn zero_of(&self, region: &RegionCode, year: i32) -> Result<ZeroYear> {
        let prefix = region.prefix().to_owned();
        let this_year = time::day(Utc::now()).year();
        if !(2000..=this_year + 1).contains(&year) {
            return Err(Error::invalid("year", Reason::Cases(CaseRefusal::ZeroYear)));
        }
        let communities = self.community_codes_under(std::slice::from_ref(&prefix)).await?;
        if communities.is_empty() {
            return Err(Error::NotFound("region"));
        }
        let from =
            NaiveDate::from_ymd_opt(year, 1, 1).ok_or(Error::invalid("year", Reason::Cases(CaseRefusal::ZeroYear)))?;
        let to = NaiveDate::from_ymd_opt(year + 1, 1, 1)
            .ok_or(Error::invalid("year", Reason::Cases(CaseRefusal::ZeroYear)))?;
        let today = time::day(Utc::now());
        let months_begun = match today.year().cmp(&year) {
            std::cmp::Ordering::Less => 0,
            std::cmp::Ordering::Equal => today.month(),
            std::cmp::Ordering::Greater => 12,
        };
        let names = self.region_names(&communities.iter().map(String::as_str).collect::<Vec<_>>()).await?;
        let mut out: Vec<CommunityYear> = communities
            .iter()
            .map(|c| CommunityYear {
                name: names.iter().find(|(n, _)| n == c).map(|(_, n)| n.clone()).unwrap_or_default(),
                code: c.clone(),
                months: [Month::default(); 12],
            })
            .collect();
        let at = |out: &mut Vec<CommunityYear>, community: &str, day: NaiveDate| -> Option<usize> {
            let i = out.iter().position(|c| c.code == community)?;
            Some(i * 12 + day.month0() as usize)
        };
        for (community, kind, day, above) in
            linli_store::mediation::case::registered(self.db(), &prefix, from, to).await?
        {
            if kind != "petition" {
                continue;
            }
            if let Some(i) = at(&mut out, &community, day) {
                let m = &mut out[i / 12].months[i % 12];
                m.petitions += 1;
                m.above += i64::from(above);
            }
        }
        let incidents = store::between(self.db(), &prefix, from, to).await?;
        for inc in &incidents {
            if let Some(i) = at(&mut out, &inc.community_id, inc.occurred_on) {
                let m = &mut out[i / 12].months[i % 12];
                match Incident::parse(&inc.kind) {
                    Some(Incident::Accident) => m.accidents += 1,
                    Some(_) => m.cases += 1,
                    None => {}
                }
            }
        }
        let mut total = [Month::default(); 12];
        for c in &out {
            for (t, m) in total.iter_mut().zip(c.months) {
                *t = t.plus(m);
            }
        }
        Ok(ZeroYear { region: region.as_str().to_owned(), year, months_begun, communities: out, total, incidents })
    }

    /// Records an incident against 三零: the community's staff and head,
    /// and the police office's members.
    pub async fn record_incident(&self, user: &User, ip: &str, n: NewIncident) -> Result<IncidentRow> {
        let community = n.community.trim().to_owned();
        let police = self
            .units_for(&community)
            .await?
            .into_iter()
            .filter(|u| u.kind == "police_office")
            .map(|u| u.id)
            .collect::<Vec<Uuid>>();
        let is_police = user.account.grants.iter().any(|(r, _)| *r == Role::Handler)
            && self.my_unit_ids(user).await?.iter().any(|u| police.contains(u));
        if !records_as_staff(user, &community) && !is_police {
            return Err(Error::Forbidden);
        }
        self.record_incident_by(&user.actor(ip), n).await
    }

    /// Records an incident on an actor's say (the demo).
    pub async fn record_incident_by(&self, actor: &Actor, n: NewIncident) -> Result<IncidentRow> {
        let community = n.community.trim().to_owned();
        let kind = Incident::parse(n.kind.trim()).ok_or(Error::invalid(
            "kind",
            Reason::Cases(CaseRefusal::MediationCode { known: Incident::ALL.map(Incident::code).join(", ") }),
        ))?;
        let today = time::day(Utc::now());
        let day = NaiveDate::parse_from_str(n.day.trim(), "%Y-%m-%d")
            .ok()
            .filter(|d| *d <= today && *d > today - chrono::Duration::days(3 * 366))
            .ok_or(Error::invalid("day", Reason::Cases(CaseRefusal::ZeroDay)))?;
        let summary = crate::domain::life::wish::clean(&n.summary, false).trim().to_owned();
        if !(2..=200).contains(&summary.chars().count()) {
            return Err(Error::invalid("summary", Reason::Cases(CaseRefusal::ZeroSummary)));
        }
        let event = match n.event.trim() {
            "" => None,
            code => {
                let e = linli_store::events::event::by_code(self.db(), code)
                    .await?
                    .filter(|e| e.community_id == community && e.category_code.starts_with("03"))
                    .ok_or(Error::invalid("event", Reason::Cases(CaseRefusal::ZeroEvent)))?;
                if kind != Incident::Accident || store::of_event(self.db(), &community, e.id).await?.is_some() {
                    return Err(Error::invalid("event", Reason::Cases(CaseRefusal::ZeroEvent)));
                }
                Some(e.id)
            }
        };
        let row = IncidentRow {
            community_id: community.clone(),
            id: Uuid::now_v7(),
            kind: kind.code().into(),
            occurred_on: day,
            summary,
            event_id: event,
            recorded_by: actor.name.chars().take(60).collect(),
            created_at: Utc::now(),
        };
        let mut tx = self.db().begin().await?;
        store::add(&mut tx, &row).await?;
        let detail = json!({ "community": community, "kind": row.kind, "day": day.to_string() });
        record(&mut tx, actor, "zero.incident", &row.id.to_string(), detail).await?;
        tx.commit().await?;
        Ok(row)
    }
}

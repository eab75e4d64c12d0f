//! Meter reading rounds (抄表): a building's houses with their last reading
//! for the reader on a phone, and readings imported from a sheet — all rows
//! or none, every bad row reported with its line.

use std::collections::HashMap;

use chrono::Utc;
use linli_store::bills::house;
use linli_store::bills::reading::{self as store, ReadingRow};
use serde_json::json;
use uuid::Uuid;

use crate::app::access::audit::record;
use crate::app::access::auth::User;
use crate::app::bills::bill::period;
use crate::app::refusal::Reason;
use crate::app::{App, Error, Result};
use crate::domain::bills::meter_sheet::MeterRow;
use crate::domain::registry::region::CommunityCode;
use crate::domain::registry::sheet::{RowProblem, RowReason};

/// A meter reading as someone enters it.
#[derive(Debug, Clone)]
pub struct Reading {
    /// The house's community.
    pub community: String,
    /// The house.
    pub house: Uuid,
    /// The metered fee item.
    pub fee: String,
    /// `YYYY-MM`.
    pub period: String,
    /// What the meter shows, hundredths of a unit.
    pub reading: i64,
    /// A new meter was fitted this period (it counts from zero).
    pub meter_change: bool,
}

/// What a reading counts its use from: the last reading; zero after a meter
/// change; itself when it is the first. A reading below the last one without
/// a meter change is refused.
pub(crate) fn previous_of(last: Option<i64>, reading: i64, meter_change: bool) -> std::result::Result<i64, Reason> {
    match (last, meter_change) {
        (_, true) => Ok(0),
        (Some(before), false) if reading < before => Err(Reason::ReadingBelowLast { reading, last: before }),
        (Some(before), false) => Ok(before),
        // The first reading is where the use starts counting.
        (None, false) => Ok(reading),
    }
}

/// A house on a reading round.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoundHouse {
    /// The house.
    pub house: Uuid,
    /// 3号楼 1-101.
    pub address: String,
    /// The last reading before the period: (period, hundredths).
    pub last: Option<(String, i64)>,
    /// This period's reading and what it counts from, once read.
    pub this: Option<(i64, i64)>,
}

/// What an import of readings did (or, in a dry run, would do).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReadingsImported {
    /// Rows read.
    pub rows: usize,
    /// Readings written (none in a dry run).
    pub written: usize,
    /// Nothing was written.
    pub dry_run: bool,
}

/// Finds a sheet's house among a community's: the building as named, or
/// with or without 号楼 (sheets write `3` for 3号楼).
fn house_key(building: &str, unit: &str, room: &str) -> (String, String, String) {
    let b = building.trim();
    let b = b.strip_suffix("号楼").or_else(|| b.strip_suffix('栋')).or_else(|| b.strip_suffix('幢')).unwrap_or(b);
    let unit = unit.trim();
    let unit = unit.strip_suffix("单元").unwrap_or(unit);
    (b.to_owned(), unit.to_owned(), room.trim().to_owned())
}

impl App {
    /// A community's buildings, for choosing a round.
    pub async fn meter_buildings(&self, user: &User, community: &CommunityCode) -> Result<Vec<(Uuid, String)>> {
        let community = community.as_str();
        Self::may_bill(user, community)?;
        Ok(house::buildings(self.db(), community).await?)
    }

    /// A building's houses for a metered item's period: each with its last
    /// reading and, once read, this period's.
    pub async fn reading_round(
        &self,
        user: &User,
        community: &str,
        (fee, period_text): (&str, &str),
        building: Uuid,
    ) -> Result<Vec<RoundHouse>> {
        Self::may_bill(user, community)?;
        let fee = self.metered_fee(community, fee).await?;
        let period = period(period_text)?;
        let houses = house::houses(self.db(), community, Some(building), None).await?;
        let last = store::last_readings_before(self.db(), community, &fee.code, &period).await?;
        let this = store::period_readings(self.db(), community, &fee.code, &period).await?;
        let mut out: Vec<RoundHouse> = houses
            .into_iter()
            .map(|(id, _, b, unit, room)| RoundHouse {
                house: id,
                address: if unit.is_empty() { format!("{b} {room}") } else { format!("{b} {unit}-{room}") },
                last: last.get(&id).cloned(),
                this: this.get(&id).copied(),
            })
            .collect();
        out.sort_by(|a, b| a.address.cmp(&b.address));
        Ok(out)
    }

    /// Imports a sheet's readings for a metered item's period (with the
    /// problems reading the sheet found, to report them all): every row is
    /// checked first (the house exists, it is not read yet this period, the
    /// reading is not below the last one unless the meter was changed); one
    /// bad row and nothing is written, and every bad row is listed.
    pub async fn import_readings(
        &self,
        user: &User,
        ip: &str,
        community: &str,
        (fee, period_text): (&str, &str),
        (rows, sheet_problems, dry_run): (&[MeterRow], Vec<RowProblem>, bool),
        progress: &mut (dyn FnMut(usize, usize) + Send),
    ) -> Result<std::result::Result<ReadingsImported, Vec<RowProblem>>> {
        Self::may_bill(user, community)?;
        let who = (&user.actor(ip), user.account.login_label());
        self.readings_import(who, community, (fee, period_text), (rows, sheet_problems, dry_run), progress).await
    }

    /// An import of readings as an operator makes it (the CLI);
    /// [`App::import_readings`] checks the user first.
    pub async fn readings_import(
        &self,
        (actor, read_by): (&crate::app::access::audit::Actor, String),
        community: &str,
        (fee, period_text): (&str, &str),
        (rows, sheet_problems, dry_run): (&[MeterRow], Vec<RowProblem>, bool),
        progress: &mut (dyn FnMut(usize, usize) + Send),
    ) -> Result<std::result::Result<ReadingsImported, Vec<RowProblem>>> {
        let fee = self.metered_fee(community, fee).await?;
        let period = period(period_text)?;
        let houses: HashMap<(String, String, String), Uuid> = house::houses(self.db(), community, None, None)
            .await?
            .into_iter()
            .map(|(id, _, b, unit, room)| (house_key(&b, &unit, &room), id))
            .collect();
        let last = store::last_readings_before(self.db(), community, &fee.code, &period).await?;
        let read = store::period_readings(self.db(), community, &fee.code, &period).await?;
        let now = Utc::now();
        // The sheet's own problems and those against the registry, together.
        let mut problems = sheet_problems;
        let mut readings = Vec::with_capacity(rows.len());
        for r in rows {
            let mut bad = |column: &str, reason: RowReason| {
                problems.push(RowProblem { line: r.line, column: column.to_owned(), reason })
            };
            let Some(house) = houses.get(&house_key(&r.building, &r.unit, &r.room)) else {
                let (building, unit, room) = (r.building.clone(), r.unit.clone(), r.room.clone());
                bad("房号", RowReason::NoSuchHouse { building, unit, room });
                continue;
            };
            if read.contains_key(house) {
                bad("房号", RowReason::AlreadyRead { period: period.clone() });
                continue;
            }
            let before = last.get(house).map(|(_, n)| *n);
            let previous = match previous_of(before, r.reading, r.meter_change) {
                Ok(p) => p,
                Err(_) => {
                    bad("读数", RowReason::ReadingBelowLast { reading: r.reading, last: before.unwrap_or_default() });
                    continue;
                }
            };
            readings.push(ReadingRow {
                community_id: community.to_owned(),
                id: Uuid::now_v7(),
                house_id: *house,
                fee_code: fee.code.clone(),
                period: period.clone(),
                reading: r.reading,
                previous,
                meter_change: r.meter_change,
                read_by: read_by.clone(),
                read_at: now,
            });
        }
        if !problems.is_empty() {
            problems.sort_by_key(|p| p.line);
            return Ok(Err(problems));
        }
        let report = ReadingsImported { rows: rows.len(), written: if dry_run { 0 } else { readings.len() }, dry_run };
        if dry_run {
            return Ok(Ok(report));
        }
        let mut tx = self.db().begin().await?;
        for (i, (row, sheet)) in readings.iter().zip(rows).enumerate() {
            if !store::add_reading(&mut tx, row).await? {
                // Entered by someone else meanwhile: nothing of the sheet is kept.
                tx.rollback().await?;
                let reason = RowReason::ReadMeanwhile { period: period.clone() };
                return Ok(Err(vec![RowProblem { line: sheet.line, column: "房号".into(), reason }]));
            }
            if (i + 1) % 500 == 0 {
                progress(i + 1, readings.len());
            }
        }
        progress(readings.len(), readings.len());
        let detail = json!({ "fee": fee.code, "period": period, "rows": readings.len() });
        record(&mut tx, actor, "meter.import", community, detail).await?;
        tx.commit().await?;
        Ok(Ok(report))
    }
}

impl App {
    /// Records a meter reading: never lower than the last one unless the
    /// meter was changed; one per house, fee item and period.
    pub async fn record_reading(&self, user: &User, ip: &str, r: Reading) -> Result<store::ReadingRow> {
        Self::may_bill(user, &r.community)?;
        let period = period(&r.period)?;
        let fee = self.metered_fee(&r.community, &r.fee).await?;
        if house::houses(self.db(), &r.community, None, Some(r.house)).await?.is_empty() {
            return Err(Error::NotFound("house"));
        }
        if r.reading < 0 {
            return Err(Error::invalid("reading", Reason::NegativeReading));
        }
        let last = store::reading_before(self.db(), &r.community, r.house, &fee.code, &period).await?;
        let previous =
            previous_of(last.map(|(_, n)| n), r.reading, r.meter_change).map_err(|e| Error::invalid("reading", e))?;
        let row = store::ReadingRow {
            community_id: r.community.clone(),
            id: Uuid::now_v7(),
            house_id: r.house,
            fee_code: fee.code.clone(),
            period: period.clone(),
            reading: r.reading,
            previous,
            meter_change: r.meter_change,
            read_by: user.account.login_label(),
            read_at: Utc::now(),
        };
        let mut tx = self.db().begin().await?;
        if !store::add_reading(&mut tx, &row).await? {
            return Err(Error::invalid("period", Reason::AlreadyRead));
        }
        let detail = json!({ "house": r.house, "fee": fee.code, "period": period, "reading": r.reading,
            "previous": previous, "meter_change": r.meter_change });
        record(&mut tx, &user.actor(ip), "meter.read", &r.community, detail).await?;
        tx.commit().await?;
        Ok(row)
    }
}

#[cfg(test)]
mod tests {
    use super::house_key;

    #[test]
    fn a_sheet_names_a_house_as_communities_do() {
        assert_eq!(house_key("3号楼", "1", "101"), house_key("3", "1单元", " 101"));
        assert_eq!(house_key("5栋", "", "201"), house_key("5", "", "201"));
        assert_ne!(house_key("3号楼", "1", "101"), house_key("3号楼", "2", "101"));
    }
}

//! `linli import residents`: a whole sheet in one transaction. One bad row
//! and nothing is written; a dry run does the same work and rolls it back.

use std::collections::HashMap;
use std::sync::Arc;

use linli_store::registry::person as store;
use linli_store::registry::{building, household, load};
use serde_json::json;
use uuid::Uuid;

use crate::app::access::audit::{Actor, record};
use crate::app::refusal::Reason;
use crate::app::registry::household::{NewPerson, person_row};
use crate::app::registry::person::Proposed;
use crate::app::{App, Error, Result};
use crate::domain::registry::region::GridCode;
use crate::domain::registry::sheet::ResidentRow;
use crate::domain::registry::sheet::SheetError;

/// What to do with a row whose ID number is already registered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum OnExisting {
    /// Leave the registered person as they are.
    #[default]
    Skip,
    /// Update their name, phone, relation, tags and facts from the sheet
    /// (each change on their history); their address stays.
    Update,
}

/// How to run an import.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Mode {
    /// Rows of people already registered.
    pub on_existing: OnExisting,
    /// Check and count, write nothing.
    pub dry_run: bool,
}

/// What an import did (or, in a dry run, would do).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportReport {
    /// Rows read.
    pub rows: usize,
    /// New buildings.
    pub buildings: usize,
    /// New households.
    pub households: usize,
    /// People added.
    pub people: usize,
    /// People already registered (by ID number), left as they are.
    pub skipped: usize,
    /// People already registered whose details the sheet changed.
    pub updated: usize,
    /// Nothing was written.
    pub dry_run: bool,
}

/// People sealed and written per chunk: large enough to keep both threads
/// busy, small enough that progress moves.
const PEOPLE_PER_CHUNK: usize = 5_000;

impl App {
    /// Reads a sheet with `read` away from the request threads, as one of at
    /// most [`crate::app::system::gate::SHEETS`] sheets read and imported at once
    /// server-wide ([`Error::Busy`] past that). The pass keeps the place
    /// until it is dropped: hold it through the import that follows.
    pub async fn read_sheet<B, T>(&self, bytes: B, read: fn(&[u8]) -> T) -> Result<(crate::app::system::gate::Pass, T)>
    where
        B: AsRef<[u8]> + Send + 'static,
        T: Send + 'static,
    {
        let pass = self.sheet_gate().enter(1).await?;
        let read = tokio::task::spawn_blocking(move || read(bytes.as_ref()))
            .await
            .map_err(|e| Error::invalid("file", Reason::Sheet(SheetError::Unreadable(e.to_string()))))?;
        Ok((pass, read))
    }

    /// Imports checked rows into a grid.
    pub async fn import_residents(
        &self,
        actor: &Actor,
        grid: &GridCode,
        source: &str,
        rows: Arc<[ResidentRow]>,
        mode: Mode,
        mut progress: impl FnMut(usize, usize) + Send,
    ) -> Result<ImportReport> {
        let Mode { on_existing, dry_run } = mode;
        let (grid_code, grid) = (grid.as_str(), grid);
        let region = linli_store::registry::region::get(self.db(), grid_code).await?.ok_or(Error::RegionNotFound)?;
        if !matches!(
            region.level,
            linli_store::registry::region::Level::Grid | linli_store::registry::region::Level::SubGrid
        ) {
            return Err(Error::invalid("grid", Reason::NotAGrid { code: grid_code.to_string() }));
        }
        let community = grid.community();
        let community = community.as_str();
        let keys = self.keys();
        // Who is registered already (an empty registry has nobody to look up).
        let existing: HashMap<String, store::PersonRow> = if store::any_person(self.db()).await? {
            let texts: Vec<String> = rows.iter().map(|r| r.id_number.lookup_text()).collect();
            let hashes = keys.lookup_hashes_all(&texts.iter().map(String::as_str).collect::<Vec<_>>());
            store::people_by_id_hashes(self.db(), &hashes).await?.into_iter().collect()
        } else {
            HashMap::new()
        };
        let mut buildings: HashMap<String, Uuid> =
            building::buildings_of_grid(self.db(), grid).await?.into_iter().map(|(id, name)| (name, id)).collect();
        let mut addresses: HashMap<(Uuid, String, String), Uuid> = HashMap::new();
        for id in buildings.values() {
            for (unit, room, household) in household::households_of_building(self.db(), community, *id).await? {
                addresses.insert((*id, unit, room), household);
            }
        }
        let mut report = ImportReport { rows: rows.len(), dry_run, ..ImportReport::default() };
        let mut tx = self.db().begin().await?;
        let result: Result<()> = async {
            // One transaction, foreign keys checked at its commit: every row
            // or none.
            tx.defer_constraints().await?;
            // First the plan, in memory: which building and household each
            // new person goes to (people already registered are skipped or
            // updated on the way).
            let (mut new_buildings, mut new_houses, mut planned) = (Vec::new(), Vec::new(), Vec::new());
            for (i, row) in rows.iter().enumerate() {
                // Registered already, under any key of the ring: left as it
                // is, or its details updated.
                let known = if existing.is_empty() {
                    None
                } else {
                    keys.lookup_hashes("id", &row.id_number.lookup_text()).iter().find_map(|h| existing.get(h))
                };
                if let Some(known) = known {
                    let new = Proposed {
                        name: row.name.clone(),
                        phone: row.phone.clone(),
                        relation: row.relation.clone(),
                        tags: row.tags.clone(),
                        facts: crate::app::registry::household::stored_facts(&row.facts),
                    };
                    let (changes, update) = self.plan_update(known, new);
                    if on_existing == OnExisting::Skip || changes.is_empty() {
                        report.skipped += 1;
                    } else {
                        linli_store::registry::person::update(&mut tx, &known.community_id, known.id, &update).await?;
                        let reason = Some(format!("导入 / import: {source}"));
                        self.write_history(&mut tx, actor, known, "update", reason, changes).await?;
                        report.updated += 1;
                    }
                    continue;
                }
                let building = match buildings.get(&row.building) {
                    Some(id) => *id,
                    None => {
                        let id = Uuid::now_v7();
                        new_buildings.push(building::NewBuilding {
                            community_id: community.to_owned(),
                            id,
                            grid_code: grid_code.to_owned(),
                            name: row.building.clone(),
                            qr_token: crate::app::system::keys::random_token()[..24].to_owned(),
                            sort_key: crate::domain::registry::building::sort_key(&row.building),
                        });
                        buildings.insert(row.building.clone(), id);
                        id
                    }
                };
                let key = (building, row.unit.clone(), row.room.clone());
                let household = match addresses.get(&key) {
                    Some(h) => *h,
                    None => {
                        let household = Uuid::now_v7();
                        new_houses.push((
                            household::NewHouse {
                                community_id: community.to_owned(),
                                id: Uuid::now_v7(),
                                building_id: building,
                                unit: row.unit.clone(),
                                room: row.room.clone(),
                                area_centi_m2: 0,
                                house_use: "自住".into(),
                            },
                            household,
                        ));
                        addresses.insert(key, household);
                        household
                    }
                };
                planned.push((i, household));
            }
            report.buildings = new_buildings.len();
            report.households = new_houses.len();
            report.people = planned.len();
            building::insert_buildings(&mut tx, &new_buildings).await?;
            household::insert_houses_with_households(&mut tx, &new_houses).await?;
            let rebuilt = load::start_bulk_load(&mut tx, planned.len()).await?;
            // Then the people. Sealing and hashing their numbers is most of
            // the work outside the database: another thread does it while
            // this one writes the previous chunk.
            let total = planned.len();
            let (send, mut receive) = tokio::sync::mpsc::channel::<Vec<store::NewPerson>>(2);
            let (rows, community) = (Arc::clone(&rows), community.to_owned());
            let sealer = tokio::task::spawn_blocking(move || {
                for chunk in planned.chunks(PEOPLE_PER_CHUNK) {
                    let people = chunk
                        .iter()
                        .map(|(i, household)| {
                            let row = &rows[*i];
                            let person = NewPerson {
                                name: row.name.clone(),
                                id_number: row.id_number.clone(),
                                phone: row.phone.clone(),
                                relation: row.relation.clone(),
                                tags: row.tags.clone(),
                                facts: crate::app::registry::household::stored_facts(&row.facts),
                            };
                            person_row(&keys, &community, *household, &person)
                        })
                        .collect();
                    if send.blocking_send(people).is_err() {
                        return; // the writer stopped: an error, reported there
                    }
                }
            });
            let mut written = 0;
            while let Some(people) = receive.recv().await {
                written += people.len();
                store::insert_people(&mut tx, people).await?;
                progress(written, total);
            }
            sealer.await.map_err(|e| Error::Files(std::io::Error::other(e)))?;
            load::finish_bulk_load(&mut tx, rebuilt).await?;
            progress(total, total);
            record(
                &mut tx,
                actor,
                "import.residents",
                source,
                json!({ "grid": grid_code, "buildings": report.buildings, "households": report.households,
                        "people": report.people, "skipped": report.skipped, "updated": report.updated }),
            )
            .await?;
            Ok(())
        }
        .await;
        match (result, dry_run) {
            (Ok(()), false) => {
                tx.commit().await?;
                // A large load changes the tables' shape: plan with fresh numbers.
                if report.people >= 1000 {
                    self.db().analyze(&load::TABLES).await?;
                }
            }
            (Ok(()), true) => tx.rollback().await?,
            (Err(e), _) => {
                let _ = tx.rollback().await;
                return Err(e);
            }
        }
        Ok(report)
    }
}

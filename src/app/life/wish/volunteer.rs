//! Volunteers: registration, their organisations, hours recorded and decided.

use super::*;

impl App {
    /// A resident registers as a volunteer of their community (again:
    /// their offer is updated, and one who left is back).
    pub async fn register_volunteer(&self, user: &User, ip: &str, n: NewVolunteer) -> Result<VolunteerRow> {
        let person = self
            .own_person(user, Some(&n.community))
            .await
            .map_err(|_| Error::invalid("community", Reason::NotLivingHere))?;
        if !KINDS.contains(&n.kind.as_str()) {
            return Err(Error::invalid("kind", Reason::VolunteerKind));
        }
        // A team or organisation may be one the registry knows (实有单位):
        // then it goes by its registered name.
        let registered = match n.org {
            Some(id) if n.kind == "team" || n.kind == "organisation" => Some(
                self.community_orgs(&person.community_id)
                    .await?
                    .into_iter()
                    .find(|o| o.id == id)
                    .ok_or(Error::invalid("org", Reason::VolunteerOrgUnknown))?,
            ),
            _ => None,
        };
        let org = registered.as_ref().map_or(n.org_name.trim(), |o| o.name.as_str());
        if org.chars().count() > 60 || (n.kind != "volunteer" && org.is_empty()) {
            return Err(Error::invalid("org_name", Reason::VolunteerOrg));
        }
        if n.available.chars().count() > 60 {
            return Err(Error::invalid("available", Reason::VolunteerAvailable));
        }
        // Each known category once, in the wall's order, however many were sent.
        let skills: Vec<&str> = wish::CATEGORIES.into_iter().filter(|c| n.skills.iter().any(|s| s == c)).collect();
        let mut row = VolunteerRow {
            id: Uuid::now_v7(),
            community_id: person.community_id.clone(),
            account_id: user.account.row.id,
            person_id: Some(person.id),
            name: person.name.clone(),
            kind: n.kind.clone(),
            org_name: org.to_owned(),
            skills: skills.join(","),
            available: n.available.trim().to_owned(),
            status: "active".into(),
            registered_at: Utc::now(),
            org_id: registered.as_ref().map(|o| o.id),
        };
        let mut tx = self.db().begin().await?;
        if !store::add_volunteer(&mut tx, &row).await? {
            let old = store::volunteers_of(self.db(), user.account.row.id)
                .await?
                .into_iter()
                .find(|v| v.community_id == row.community_id)
                .ok_or(Error::NotFound("volunteer"))?;
            row.id = old.id;
            row.registered_at = old.registered_at;
            store::update_volunteer(&mut tx, &row).await?;
        }
        record(
            &mut tx,
            &user.actor(ip),
            "volunteer.register",
            &row.id.to_string(),
            json!({ "kind": row.kind, "skills": row.skills }),
        )
        .await?;
        tx.commit().await?;
        Ok(row)
    }

    /// The organisations (实有单位) of a community that are open, by name.
    pub async fn community_orgs(&self, community: &str) -> Result<Vec<linli_store::registry::place::OrgRow>> {
        let under = [community.to_owned()];
        let mut orgs: Vec<_> = linli_store::registry::place::orgs_under(self.db(), &under, community)
            .await?
            .into_iter()
            .filter(|o| o.status == "open")
            .collect();
        orgs.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(orgs)
    }

    /// The volunteers of the centres the user runs, with their confirmed minutes.
    pub async fn volunteers(&self, user: &User) -> Result<Vec<(VolunteerRow, i64)>> {
        let scope = read_scope(user);
        let list = store::volunteers_in(self.db(), &scope).await?;
        let minutes = store::confirmed_minutes(self.db(), &scope).await?;
        Ok(list
            .into_iter()
            .map(|v| {
                let m = minutes.iter().find(|(id, _)| *id == v.id).map_or(0, |(_, m)| *m);
                (v, m)
            })
            .collect())
    }

    /// The volunteers the user is.
    pub async fn my_volunteering(&self, user: &User) -> Result<Vec<VolunteerRow>> {
        Ok(store::volunteers_of(self.db(), user.account.row.id).await?)
    }

    /// A volunteer's record, for themself and the centre.
    pub async fn volunteer(&self, user: &User, id: Uuid) -> Result<VolunteerView> {
        let row = store::volunteer(self.db(), id).await?.ok_or(Error::NotFound("volunteer"))?;
        let may_manage = runs(user, &row.community_id);
        let reads = read_scope(user).iter().any(|p| row.community_id.starts_with(&p[..p.len().min(12)]));
        if row.account_id != user.account.row.id && !may_manage && !reads {
            return Err(Error::NotFound("volunteer"));
        }
        let hours = store::hours_of(self.db(), id).await?;
        let confirmed = hours.iter().filter(|h| h.status == "confirmed").map(|h| h.minutes).sum();
        let wishes = store::of_volunteers(self.db(), &[id], 100).await?;
        let names = self.short_names(std::slice::from_ref(&row.community_id)).await?;
        let community_name = names.get(&row.community_id).cloned().unwrap_or_else(|| row.community_id.clone());
        let needs = linli_store::life::joint::needs_taken_by(self.db(), id).await?;
        Ok(VolunteerView { row, hours, confirmed, wishes, community_name, may_manage, needs })
    }

    /// Records hours: the centre for a volunteer (confirmed at once), or a
    /// volunteer for an activity they attended (waiting for the centre).
    pub async fn record_hours(&self, user: &User, ip: &str, volunteer: Uuid, n: NewHours) -> Result<HoursRow> {
        let v = store::volunteer(self.db(), volunteer).await?.ok_or(Error::NotFound("volunteer"))?;
        let staff = runs(user, &v.community_id);
        if !staff && v.account_id != user.account.row.id {
            return Err(Error::NotFound("volunteer"));
        }
        let now = Utc::now();
        let today = time::day(now);
        let day = n.day.ok_or_else(|| Error::invalid("day", Reason::BadDate))?;
        if day > today || day < today - chrono::Duration::days(366) {
            return Err(Error::invalid("day", Reason::Hours(points::HoursProblem::Day)));
        }
        let (source, what) = match n.activity {
            Some(a) => {
                let act = linli_store::life::activity::by_id(self.db(), a).await?.ok_or(Error::NotFound("activity"))?;
                if act.community_id != v.community_id {
                    return Err(Error::NotFound("activity"));
                }
                (format!("activity:{a}"), act.title)
            }
            None => {
                let what = n.what.trim();
                if what.is_empty() || what.chars().count() > 60 {
                    return Err(Error::invalid("what", Reason::HoursWhat));
                }
                (format!("other:{}", Uuid::now_v7()), what.to_owned())
            }
        };
        let by = user.account.shown_name();
        let h = HoursRow {
            id: Uuid::now_v7(),
            volunteer_id: v.id,
            community_id: v.community_id.clone(),
            source: source.clone(),
            what,
            day,
            minutes: n.minutes,
            status: "pending".into(),
            recorded_by: by.clone(),
            decided_by: None,
            decided_at: None,
            created_at: now,
        };
        let mut tx = self.db().begin().await?;
        store::lock_volunteer(&mut tx, v.id).await?;
        let recorded = store::minutes_on(&mut tx, v.id, day).await?;
        if let Err(p) = points::check_hours(n.minutes, recorded) {
            tx.rollback().await?;
            return Err(Error::invalid("minutes", Reason::Hours(p)));
        }
        if store::has_hours(&mut tx, v.id, &source).await? {
            tx.rollback().await?;
            return Err(Error::invalid("activity", Reason::HoursTwice));
        }
        store::add_hours(&mut tx, &h).await?;
        if staff {
            self.confirm_hours_in(&mut tx, &h, &by, now).await?;
        }
        record(
            &mut tx,
            &user.actor(ip),
            "hours.record",
            &h.id.to_string(),
            json!({ "volunteer": v.id, "minutes": h.minutes, "source": source }),
        )
        .await?;
        tx.commit().await?;
        Ok(store::hours(self.db(), h.id).await?.unwrap_or(h))
    }

    /// The hours waiting for the user's centres to confirm.
    pub async fn hours_waiting(&self, user: &User) -> Result<Vec<HoursRow>> {
        let runs_here: Vec<String> = self
            .community_codes_under(&super::super::centres(user))
            .await?
            .into_iter()
            .filter(|c| runs(user, c))
            .collect();
        Ok(store::hours_waiting(self.db(), &runs_here).await?)
    }

    /// The centre confirms or refuses hours.
    pub async fn decide_hours(&self, user: &User, ip: &str, id: Uuid, confirm: bool) -> Result<()> {
        let h = store::hours(self.db(), id).await?.ok_or(Error::NotFound("hours"))?;
        if !runs(user, &h.community_id) {
            return Err(Error::NotFound("hours"));
        }
        let now = Utc::now();
        let by = user.account.shown_name();
        let mut tx = self.db().begin().await?;
        let done = if confirm {
            self.confirm_hours_in(&mut tx, &h, &by, now).await?
        } else {
            store::decide_hours(&mut tx, id, "refused", &by, now).await?
        };
        if !done {
            tx.rollback().await?;
            return Err(Error::invalid("hours", Reason::HoursDecided));
        }
        record(
            &mut tx,
            &user.actor(ip),
            if confirm { "hours.confirm" } else { "hours.refuse" },
            &id.to_string(),
            json!({}),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }
}

//! Study items and points for finishing them.

use super::*;

impl App {
    /// The study items the user sees.
    pub async fn study_items(&self, user: &User) -> Result<Vec<StudyItemRow>> {
        let scope = self.life_scope(user).await?;
        Ok(store::studies(self.db(), &scope).await?)
    }

    /// The study items the user (as the residents they are) finished.
    pub async fn studied(&self, user: &User) -> Result<Vec<Uuid>> {
        let people: Vec<Uuid> = self.own_people(user).await?.iter().map(|p| p.id).collect();
        Ok(store::finished_by(self.db(), &people).await?)
    }

    /// Staff add a study item: a policy to read, or a recording to listen
    /// to (有声党建), kept in the data folder.
    pub async fn add_study_item(&self, user: &User, ip: &str, n: NewStudy) -> Result<StudyItemRow> {
        if n.community.len() != 12 || !runs(user, &n.community) {
            return Err(Error::Forbidden);
        }
        let title = n.title.trim();
        if title.is_empty() || title.chars().count() > 40 {
            return Err(Error::invalid("title", Reason::StudyTitle));
        }
        let recording = match &n.audio {
            Some(bytes) => Some(audio::inspect(bytes).map_err(|p| Error::invalid("audio", Reason::StudyAudio(p)))?),
            None => None,
        };
        // A recording's transcript may be left out; a text is what is read.
        if (recording.is_none() && n.body.trim().is_empty()) || n.body.chars().count() > 20_000 {
            return Err(Error::invalid("body", Reason::StudyBody));
        }
        let minutes = match recording {
            Some(r) => i64::try_from(r.seconds.div_ceil(60)).unwrap_or(i64::MAX),
            None if (1..=120).contains(&n.minutes) => n.minutes,
            None => return Err(Error::invalid("minutes", Reason::StudyMinutes)),
        };
        if !(0..=1_000).contains(&n.points) {
            return Err(Error::invalid("points", Reason::PointsAmount));
        }
        let row = StudyItemRow {
            id: Uuid::now_v7(),
            community_id: n.community.clone(),
            title: title.to_owned(),
            body: n.body.trim().to_owned(),
            minutes,
            points: n.points,
            token: crate::app::system::keys::random_token(),
            active: true,
            created_by: user.account.shown_name(),
            created_at: Utc::now(),
            audio_type: recording.map(|r| r.kind.content_type().to_owned()),
            audio_size: n.audio.as_ref().map(|b| b.len() as i64),
            audio_seconds: recording.map(|r| i64::try_from(r.seconds).unwrap_or(i64::MAX)),
        };
        let mut files = Vec::new();
        if let (Some(bytes), Some(r)) = (&n.audio, recording) {
            let path = self.study_audio_path(&row.community_id, row.id, r.kind);
            tokio::fs::create_dir_all(path.parent().expect("recordings have a folder")).await?;
            tokio::fs::write(&path, bytes).await?;
            files.push(path);
        }
        let written = async {
            let mut tx = self.db().begin().await?;
            store::add_study(&mut tx, &row).await?;
            let what = json!({ "title": row.title, "audio_seconds": row.audio_seconds });
            record(&mut tx, &user.actor(ip), "study.add", &row.id.to_string(), what).await?;
            tx.commit().await?;
            Ok::<_, Error>(())
        };
        if let Err(e) = written.await {
            crate::app::photo::forget_files(&files).await;
            return Err(e);
        }
        Ok(row)
    }

    pub(super) fn study_audio_path(&self, community: &str, id: Uuid, kind: audio::Kind) -> std::path::PathBuf {
        let ext = match kind {
            audio::Kind::Mp3 => "mp3",
            audio::Kind::M4a => "m4a",
        };
        self.data_dir().join("study-audio").join(community).join(format!("{id}.{ext}"))
    }

    /// A study item's recording, for whoever may open the item: (type, bytes).
    pub async fn study_audio(&self, user: &User, id: Uuid) -> Result<(String, Vec<u8>)> {
        let item = self.study_in_scope(user, id).await?;
        let kind =
            item.audio_type.as_deref().and_then(audio::Kind::from_content_type).ok_or(Error::NotFound("audio"))?;
        match tokio::fs::read(self.study_audio_path(&item.community_id, id, kind)).await {
            Ok(bytes) => Ok((kind.content_type().to_owned(), bytes)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Err(Error::NotFound("audio")),
            Err(e) => Err(e.into()),
        }
    }

    pub(super) async fn study_in_scope(&self, user: &User, id: Uuid) -> Result<StudyItemRow> {
        let item = store::study(self.db(), id).await?.ok_or(Error::NotFound("study"))?;
        let scope = self.life_scope(user).await?;
        if !item.active || !scope.iter().any(|p| item.community_id.starts_with(&p[..p.len().min(12)])) {
            return Err(Error::NotFound("study"));
        }
        Ok(item)
    }

    /// A study item, opened by the user: the first opening starts the
    /// time it takes. Opened from its QR code (`token`) or the list.
    pub async fn open_study(&self, user: &User, id: Uuid) -> Result<StudyView> {
        let item = self.study_in_scope(user, id).await?;
        let may_manage = runs(user, &item.community_id);
        let mut state = None;
        if let Ok(p) = self.own_person(user, Some(&item.community_id)).await {
            let mut tx = self.db().begin().await?;
            store::opened(&mut tx, id, p.id, Utc::now()).await?;
            tx.commit().await?;
            state = store::study_state(self.db(), id, p.id).await?;
        }
        Ok(StudyView { opened_at: state.map(|s| s.0), done_at: state.and_then(|s| s.1), item, may_manage })
    }

    /// The reader has read or listened to the end: points, once, no
    /// sooner than the item takes after it was first opened.
    pub async fn finish_study(&self, user: &User, ip: &str, id: Uuid) -> Result<i64> {
        let v = self.open_study(user, id).await?;
        let p = self.own_person(user, Some(&v.item.community_id)).await?;
        let now = Utc::now();
        let opened_by = now - chrono::Duration::seconds(study_seconds(&v.item));
        let mut tx = self.db().begin().await?;
        if !store::finish_study(&mut tx, id, p.id, opened_by, now).await? {
            tx.rollback().await?;
            if v.done_at.is_some() {
                return Ok(0);
            }
            let minutes = v.item.minutes;
            let reason = if v.item.audio_seconds.is_some() {
                Reason::StudyListenFirst { minutes }
            } else {
                Reason::StudyTooSoon { minutes }
            };
            return Err(Error::invalid("study", reason));
        }
        let rules = self.points_rules(&p.community_id).await?;
        let wanted = if v.item.points > 0 { v.item.points } else { rules.study };
        let by = user.account.shown_name();
        let m = Move {
            person: p.id,
            community: &p.community_id,
            kind: Kind::Study,
            reason: &v.item.title,
            key: Some(format!("study:{id}:{}", p.id)),
            by: &by,
        };
        let got = earn(&mut tx, &rules, &m, wanted, now).await?;
        record(&mut tx, &user.actor(ip), "study.finish", &id.to_string(), json!({ "points": got })).await?;
        tx.commit().await?;
        Ok(got)
    }

    /// Points for attending an activity, inside the check-in's transaction.
    pub(crate) async fn earn_for_activity(
        &self,
        tx: &mut Tx,
        account: Uuid,
        community: &str,
        activity: Uuid,
        title: &str,
        now: DateTime<Utc>,
    ) -> Result<i64> {
        let people = linli_store::access::resident::linked_people(self.db(), account).await?;
        let Some(p) = people.into_iter().find(|p| p.community_id == community && p.status == "active") else {
            return Ok(0);
        };
        let rules = self.points_rules(community).await?;
        let m = Move {
            person: p.id,
            community,
            kind: Kind::Activity,
            reason: title,
            key: Some(format!("activity:{activity}:{}", p.id)),
            by: "linli",
        };
        earn(tx, &rules, &m, rules.activity, now).await
    }
}

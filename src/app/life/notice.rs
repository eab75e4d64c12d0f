//! Notices (通知公告): staff publish to a region, some of its grids or the
//! people carrying a tag, after seeing how many households and people that
//! reaches; residents read what reached them (their household's receipt
//! marks it read); grid workers see who has not read it and mark a door
//! they told in person; public notices show on the community's page.

use chrono::{DateTime, Utc};
use linli_store::life::notice::{self as store, NoticeRow, Reach, Receipt, Unread};
use linli_store::notify::outbox::Notification;
use serde_json::json;
use uuid::Uuid;

use crate::app::access::audit::record;
use crate::app::access::auth::User;
use crate::app::refusal::Reason;
use crate::app::registry::household::{SENSITIVE_TAGS, read_scope, works};
use crate::app::{App, Error, Result};
use crate::domain::access::role::Role;
use crate::domain::life::notice::{self, Block, NoticeProblem, Target};
use crate::domain::registry::region::{GridCode, RegionCode};

/// A notice as written, before it is checked.
#[derive(Debug, Clone, Default)]
pub struct NewNotice {
    /// The region it is published in (a district, street or community).
    pub region: Option<RegionCode>,
    /// The grids it is limited to.
    pub grids: Vec<GridCode>,
    /// The tag it is limited to.
    pub tag: Option<String>,
    /// Title.
    pub title: String,
    /// Text.
    pub body: String,
    /// Shown to anyone on the community's page.
    pub public: bool,
    /// Kept at the top.
    pub pinned: bool,
    /// When it appears (now when not given).
    pub publish_at: Option<DateTime<Utc>>,
    /// When it comes down (never when not given).
    pub expires_at: Option<DateTime<Utc>>,
    /// Pictures (JPEG or PNG, at most three), checked and cleaned as photos are.
    pub photos: Vec<Vec<u8>>,
    /// Attached files as sent: (name, bytes); PDF only.
    pub attachments: Vec<(String, Vec<u8>)>,
}

/// What a notice reaches, shown before it is sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReachView {
    /// Households.
    pub households: i64,
    /// People living in them (carrying the tag, when one is given).
    pub people: i64,
    /// A few of the households, by address.
    pub sample: Vec<String>,
}

/// A notice as its reader sees it.
#[derive(Debug, Clone)]
pub struct NoticeView {
    /// The notice.
    pub row: NoticeRow,
    /// Its text laid out.
    pub blocks: Vec<Block>,
    /// The reader's household's receipt, for a resident it reached.
    pub receipt: Option<Receipt>,
    /// Read per grid, for staff who may see it: (grid, grid's name, households, read).
    pub tally: Vec<(String, String, i64, i64)>,
    /// The reader may take it down.
    pub may_withdraw: bool,
    /// Its pictures.
    pub photos: Vec<linli_store::services::photo::PhotoRow>,
    /// Its attached files.
    pub files: Vec<linli_store::life::notice::FileRow>,
}

/// Notices one account publishes in an hour: a mistake repeated, or a
/// stolen session, must not fill every resident's inbox.
pub const PUBLISHED: crate::app::access::limit::Limit =
    crate::app::access::limit::Limit { kind: "notice", max: 20, window_minutes: 60 };

/// Publishing roles and the level they publish at.
const PUBLISHERS: [Role; 4] = [Role::CommunityStaff, Role::CommunityHead, Role::StreetAdmin, Role::DistrictAdmin];

/// Whether `user` may publish in `region`: staff and heads in their
/// community, street admins in their street, district admins in their
/// district (and under it).
pub fn may_publish(user: &User, region: &RegionCode) -> bool {
    user.account.grants.iter().any(|(r, c)| {
        PUBLISHERS.contains(r)
            && RegionCode::parse(c).is_ok_and(|g| region.prefix().starts_with(g.prefix()) && g.prefix().len() <= 12)
    })
}

/// Whether the user publishes anywhere.
pub fn publishes(user: &User) -> bool {
    user.account.grants.iter().any(|(r, c)| PUBLISHERS.contains(r) && c.len() <= 12)
}

fn invalid(p: NoticeProblem) -> Error {
    let field = match p {
        NoticeProblem::Title => "title",
        NoticeProblem::Body => "body",
        NoticeProblem::GridOutside | NoticeProblem::TooManyGrids => "grids",
        NoticeProblem::Tag => "tag",
        NoticeProblem::PublishAt => "publish_at",
        NoticeProblem::ExpiresAt => "expires_at",
        NoticeProblem::Attachment => "attachment",
    };
    Error::invalid(field, Reason::Notice(p))
}

/// Whom a notice is for, checked: a region the user publishes in, grids
/// within it, a tag that singles nobody out.
fn check_target(user: &User, n: &NewNotice) -> Result<Target> {
    let region = n.region.clone().ok_or_else(|| Error::invalid("region", Reason::ChooseCommunity))?;
    if !may_publish(user, &region) {
        return Err(Error::Forbidden);
    }
    let target = Target::new(region, n.grids.clone(), n.tag.as_deref()).map_err(invalid)?;
    if target.tag().is_some_and(|t| SENSITIVE_TAGS.contains(&t)) {
        return Err(Error::invalid("tag", Reason::NoticeSensitiveTag));
    }
    Ok(target)
}

/// Whether a staff member's scope and a notice's region overlap: written
/// for their area, or for a region holding it.
fn in_view(user: &User, row: &NoticeRow) -> bool {
    read_scope(user).iter().any(|p| p.starts_with(&row.region_prefix) || row.region_prefix.starts_with(p.as_str()))
}

impl App {
    /// Checks a notice as written: its words, its target (in a region the
    /// user publishes in) and when it shows.
    fn check_notice(&self, user: &User, n: &NewNotice) -> Result<(Target, (String, String))> {
        let target = check_target(user, n)?;
        let words = notice::words(&n.title, &n.body).map_err(invalid)?;
        Ok((target, words))
    }

    /// How many households and people a notice would reach, and a few of
    /// them: what staff see before they send.
    pub async fn notice_reach(&self, user: &User, n: &NewNotice) -> Result<ReachView> {
        let target = check_target(user, n)?;
        // The preview refuses what publishing would.
        notice::window(Utc::now(), n.publish_at, n.expires_at).map_err(invalid)?;
        let prefixes = target.prefixes();
        let reach = Reach { prefixes: &prefixes, tag: target.tag() };
        let (households, people) = store::count_reach(self.db(), reach).await?;
        let sample = store::sample_reach(self.db(), reach, 8)
            .await?
            .into_iter()
            .map(|(b, u, r)| format!("{b} {u}-{r}"))
            .collect();
        Ok(ReachView { households, people, sample })
    }

    /// Publishes a notice: it and a receipt per household it reaches are
    /// written in one transaction, with what it reached; residents with an
    /// account hear of it in their inbox when it shows at once. Audited.
    pub async fn publish_notice(&self, user: &User, ip: &str, n: NewNotice) -> Result<NoticeRow> {
        let (target, (title, body)) = self.check_notice(user, &n)?;
        let now = Utc::now();
        let (publish_at, expires_at) = notice::window(now, n.publish_at, n.expires_at).map_err(invalid)?;
        let prefixes = target.prefixes();
        let reach = Reach { prefixes: &prefixes, tag: target.tag() };
        let mut row = NoticeRow {
            id: Uuid::now_v7(),
            region_code: target.region().as_str().to_owned(),
            region_prefix: target.region().prefix().to_owned(),
            grids: target.grids().iter().map(GridCode::as_str).collect::<Vec<_>>().join(","),
            tag: target.tag().map(str::to_owned),
            title,
            body,
            public: n.public,
            pinned: n.pinned,
            publish_at,
            expires_at,
            withdrawn_at: None,
            households: 0,
            people: 0,
            created_by: user.account.shown_name(),
            created_at: now,
            inboxed_at: None,
        };
        if self.reserve(&PUBLISHED, &user.account.row.id.to_string()).await?.is_err() {
            return Err(Error::TooMany);
        }
        let (_, people) = store::count_reach(self.db(), reach).await?;
        let names = notice::attachments(&n.attachments).map_err(invalid)?;
        let cleaned = self.clean_photos(n.photos).await?;
        let (photos, mut files) = self.write_owned_photos(&row.region_code, row.id, &cleaned, now).await?;
        let attached = self.write_attachments(&row, &n.attachments, names, &mut files).await?;
        let written = self.publish_written(user, ip, &mut row, reach, people, (&photos, &attached)).await;
        if written.is_err() {
            crate::app::photo::forget_files(&files).await;
        }
        written?;
        if row.publish_at <= now {
            self.tell_inboxes(&row).await?;
        }
        Ok(row)
    }

    /// The notice, its receipts and its pictures' rows, in one transaction.
    async fn publish_written(
        &self,
        user: &User,
        ip: &str,
        row: &mut NoticeRow,
        reach: Reach<'_>,
        people: i64,
        (photos, attached): (&[linli_store::services::photo::PhotoRow], &[linli_store::life::notice::FileRow]),
    ) -> Result<()> {
        let mut tx = self.db().begin().await?;
        // The households are those its receipts were written for.
        let households = store::publish(&mut tx, row, reach).await?;
        if households == 0 {
            tx.rollback().await?;
            return Err(Error::invalid("grids", Reason::NoticeReachesNobody));
        }
        linli_store::services::photo::NOTICES.add(&mut tx, photos).await?;
        store::add_files(&mut tx, attached).await?;
        row.households = households as i64;
        row.people = people;
        store::set_reach(&mut tx, row.id, row.households, row.people).await?;
        let detail = json!({ "region": row.region_code, "grids": row.grids, "tag": row.tag,
            "households": row.households, "publish_at": row.publish_at });
        record(&mut tx, &user.actor(ip), "notice.publish", &row.title, detail).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Puts a notice in the inbox of every resident account it reached,
    /// once (claimed in the database).
    async fn tell_inboxes(&self, row: &NoticeRow) -> Result<()> {
        let accounts = store::reached_accounts(self.db(), row.id).await?;
        let now = Utc::now();
        let mut tx = self.db().begin().await?;
        if !store::claim_inbox(&mut tx, row.id, now).await? {
            tx.rollback().await?;
            return Ok(());
        }
        for (community, account) in accounts {
            let n = Notification {
                community_id: community,
                id: Uuid::now_v7(),
                channel: "inbox".into(),
                recipient: format!("account:{account}"),
                subject: format!("通知 {}", row.title),
                body: format!("{}。查看：/notices/{}", excerpt(&row.body, 60), row.id),
                event_id: None,
                created_at: now,
                sent_at: Some(now),
            };
            linli_store::notify::outbox::notify(&mut tx, &n).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Tells the inboxes of the notices set for a time that has come (the
    /// server's minute check); returns how many notices.
    pub async fn deliver_due_notices(&self, now: DateTime<Utc>) -> Result<usize> {
        let due = store::due_for_inbox(self.db(), now, 100).await?;
        for row in &due {
            self.tell_inboxes(row).await?;
        }
        Ok(due.len())
    }

    /// The notices of the user's area and of the regions holding it, for
    /// staff (at most 200): pinned first, newest first.
    pub async fn notices(&self, user: &User) -> Result<Vec<NoticeRow>> {
        Ok(store::in_view(self.db(), &read_scope(user), 200).await?)
    }

    /// The notices showing now that reached the user's households, with
    /// whether each was read there.
    pub async fn my_notices(&self, user: &User) -> Result<Vec<(NoticeRow, Receipt)>> {
        let mine = linli_store::access::resident::linked_households(self.db(), user.account.row.id).await?;
        Ok(store::for_households(self.db(), &mine, Utc::now(), 100).await?)
    }

    /// How many notices showing now the user's household has not read.
    pub async fn my_unread_notices(&self, user: &User) -> Result<usize> {
        Ok(self.my_notices(user).await?.iter().filter(|(_, r)| r.read_at.is_none()).count())
    }

    /// One notice, for whoever may read it: staff whose area it concerns
    /// (with what has been read, grid by grid), a resident it reached (her
    /// household's receipt is marked read), anyone when it is public and
    /// showing. Otherwise not found.
    pub async fn notice(&self, user: Option<&User>, id: Uuid) -> Result<NoticeView> {
        let mut v = self.read_notice(user, id).await?;
        v.photos = linli_store::services::photo::NOTICES.of(self.db(), &v.row.region_code, &[id]).await?;
        v.files = store::files(self.db(), &v.row.region_code, id).await?;
        Ok(v)
    }

    fn notice_file_path(&self, region: &str, id: Uuid) -> std::path::PathBuf {
        self.data_dir().join("notice-files").join(region).join(format!("{id}.pdf"))
    }

    /// A file attached to a notice, for whoever may read the notice: (name, bytes).
    pub async fn notice_file(&self, user: Option<&User>, id: Uuid, file: Uuid) -> Result<(String, Vec<u8>)> {
        let v = self.notice(user, id).await?;
        let f = v.files.iter().find(|f| f.id == file).ok_or(Error::NotFound("file"))?;
        match tokio::fs::read(self.notice_file_path(&f.community_id, f.id)).await {
            Ok(bytes) => Ok((f.name.clone(), bytes)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Err(Error::NotFound("file")),
            Err(e) => Err(e.into()),
        }
    }

    /// Writes a notice's attachments to the data folder; their rows, and
    /// the files written (to remove if the transaction fails).
    async fn write_attachments(
        &self,
        row: &NoticeRow,
        sent: &[(String, Vec<u8>)],
        names: Vec<String>,
        files: &mut Vec<std::path::PathBuf>,
    ) -> Result<Vec<linli_store::life::notice::FileRow>> {
        let mut rows = Vec::new();
        for ((_, bytes), name) in sent.iter().zip(names) {
            let f = linli_store::life::notice::FileRow {
                community_id: row.region_code.clone(),
                id: Uuid::now_v7(),
                notice_id: row.id,
                name,
                size: bytes.len() as i64,
                created_at: row.created_at,
            };
            let path = self.notice_file_path(&f.community_id, f.id);
            let written = async {
                tokio::fs::create_dir_all(path.parent().expect("files have a folder")).await?;
                tokio::fs::write(&path, bytes).await
            };
            if let Err(e) = written.await {
                crate::app::photo::forget_files(files).await;
                return Err(e.into());
            }
            files.push(path);
            rows.push(f);
        }
        Ok(rows)
    }

    /// A picture of a notice, for whoever may read the notice: (content type, bytes).
    pub async fn notice_photo(
        &self,
        user: Option<&User>,
        id: Uuid,
        photo: Uuid,
        thumb: bool,
    ) -> Result<(String, Vec<u8>)> {
        let v = self.notice(user, id).await?;
        let p = v.photos.iter().find(|p| p.id == photo).ok_or(Error::NotFound("photo"))?;
        self.read_photo_file(&p.community_id, p.id, &p.content_type, thumb).await
    }

    async fn read_notice(&self, user: Option<&User>, id: Uuid) -> Result<NoticeView> {
        let row = store::by_id(self.db(), id).await?.ok_or(Error::NotFound("notice"))?;
        let now = Utc::now();
        let blocks = notice::blocks(&row.body);
        if let Some(u) = user.filter(|u| in_view(u, &row)) {
            let scope = read_scope(u);
            let counts = store::tally(self.db(), id, &scope).await?;
            let codes: Vec<String> = counts.iter().map(|(g, _, _)| g.clone()).collect();
            let names = self.short_names(&codes).await?;
            let tally = counts
                .into_iter()
                .map(|(g, n, read)| {
                    let name = names.get(&g).cloned().unwrap_or_else(|| g.clone());
                    (g, name, n, read)
                })
                .collect();
            let may_withdraw =
                row.withdrawn_at.is_none() && RegionCode::parse(&row.region_code).is_ok_and(|r| may_publish(u, &r));
            return Ok(NoticeView {
                row,
                blocks,
                receipt: None,
                tally,
                may_withdraw,
                photos: Vec::new(),
                files: Vec::new(),
            });
        }
        if let Some(u) = user
            && row.shows(now)
        {
            let mine = linli_store::access::resident::linked_households(self.db(), u.account.row.id).await?;
            for (community, household) in mine {
                if let Some((_, mut receipt)) = store::receipt_of(self.db(), id, &community, household).await? {
                    if receipt.read_at.is_none() {
                        let mut tx = self.db().begin().await?;
                        let key = (community.as_str(), id, household);
                        store::mark_read(&mut tx, key, "online", &u.account.shown_name(), now).await?;
                        tx.commit().await?;
                        receipt.read_at = Some(now);
                        receipt.read_how = Some("online".into());
                    }
                    return Ok(NoticeView {
                        row,
                        blocks,
                        receipt: Some(receipt),
                        tally: Vec::new(),
                        may_withdraw: false,
                        photos: Vec::new(),
                        files: Vec::new(),
                    });
                }
            }
        }
        if row.public && row.shows(now) {
            return Ok(NoticeView {
                row,
                blocks,
                receipt: None,
                tally: Vec::new(),
                may_withdraw: false,
                photos: Vec::new(),
                files: Vec::new(),
            });
        }
        Err(Error::NotFound("notice"))
    }

    /// The households of a grid the user works that have not read a
    /// notice, door by door: page `page` (from 1) of `per_page`, and how
    /// many there are in all.
    pub async fn notice_unread(
        &self,
        user: &User,
        id: Uuid,
        grid: &GridCode,
        (page, per_page): (u64, u64),
    ) -> Result<(Vec<Unread>, i64)> {
        let row = store::by_id(self.db(), id).await?.ok_or(Error::NotFound("notice"))?;
        if !in_view(user, &row) {
            return Err(Error::NotFound("notice"));
        }
        if !works(user, grid.as_str()) {
            return Err(Error::Forbidden);
        }
        let total = store::count_unread(self.db(), id, grid.as_str()).await?;
        let offset = page.clamp(1, 100_000).saturating_sub(1) * per_page;
        Ok((store::unread(self.db(), id, grid.as_str(), offset, per_page).await?, total))
    }

    /// A grid worker told a household in person: its receipt counts as
    /// read. Audited. Returns whether it was still unread.
    pub async fn told_in_person(
        &self,
        user: &User,
        ip: &str,
        id: Uuid,
        community: &str,
        household: Uuid,
    ) -> Result<bool> {
        let row = store::by_id(self.db(), id).await?.ok_or(Error::NotFound("notice"))?;
        let (grid, _) =
            store::receipt_of(self.db(), id, community, household).await?.ok_or(Error::NotFound("household"))?;
        if !in_view(user, &row) || !works(user, &grid) {
            return Err(Error::Forbidden);
        }
        let mut tx = self.db().begin().await?;
        let marked =
            store::mark_read(&mut tx, (community, id, household), "in_person", &user.account.shown_name(), Utc::now())
                .await?;
        if marked {
            let detail = json!({ "notice": id, "household": household });
            record(&mut tx, &user.actor(ip), "notice.told", &row.title, detail).await?;
        }
        tx.commit().await?;
        Ok(marked)
    }

    /// Takes a notice down before its time. Audited.
    pub async fn withdraw_notice(&self, user: &User, ip: &str, id: Uuid) -> Result<()> {
        let row = store::by_id(self.db(), id).await?.ok_or(Error::NotFound("notice"))?;
        let region = RegionCode::parse(&row.region_code).map_err(|_| Error::NotFound("notice"))?;
        if !in_view(user, &row) {
            return Err(Error::NotFound("notice"));
        }
        if !may_publish(user, &region) {
            return Err(Error::Forbidden);
        }
        let mut tx = self.db().begin().await?;
        if store::withdraw(&mut tx, id, Utc::now()).await? {
            record(&mut tx, &user.actor(ip), "notice.withdraw", &row.title, json!({ "notice": id })).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// The public notices showing now for a community (its own, its
    /// street's and its district's).
    pub async fn public_notices(&self, region: &RegionCode) -> Result<Vec<NoticeRow>> {
        let p = region.prefix();
        let regions: Vec<String> =
            [2usize, 4, 6, 9, 12].into_iter().filter(|&k| k <= p.len()).map(|k| p[..k].to_owned()).collect();
        Ok(store::public_in(self.db(), &regions, Utc::now(), 20).await?)
    }
}

/// The first `n` characters of a text, on one line.
fn excerpt(text: &str, n: usize) -> String {
    let line: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if line.chars().count() <= n { line } else { line.chars().take(n).collect::<String>() + "…" }
}

//! Associations (协会 — 广场舞协会, 红歌协会 …): staff add one with its
//! leader; residents ask to join and the leader accepts; the leader books
//! rooms and organises activities for it.

use chrono::Utc;
use linli_store::life::association::{self as store, AssociationRow, MemberRow};
use serde_json::json;
use uuid::Uuid;

use super::runs;
use crate::app::access::audit::record;
use crate::app::access::auth::User;
use crate::app::refusal::Reason;
use crate::app::{App, Error, Result};

/// An association as written.
#[derive(Debug, Clone, Default)]
pub struct NewAssociation {
    /// Its community.
    pub community: String,
    /// Name.
    pub name: String,
    /// What it does.
    pub about: String,
    /// When it meets.
    pub meets: String,
    /// Where it meets.
    pub room: Option<Uuid>,
    /// The leader's sign-in name or phone.
    pub leader: String,
}

/// An association as a reader sees it.
#[derive(Debug, Clone)]
pub struct AssociationView {
    /// The association.
    pub row: AssociationRow,
    /// The room it meets in, by name.
    pub room_name: Option<String>,
    /// Members and those asking (for its leader and staff).
    pub members: Vec<MemberRow>,
    /// How many members it has.
    pub member_count: usize,
    /// The reader's own standing: asked or member.
    pub mine: Option<String>,
    /// The reader leads it or runs the centre.
    pub may_lead: bool,
    /// The reader's account.
    pub me: Uuid,
}

fn long(field: &'static str) -> Error {
    Error::invalid(field, Reason::Room(crate::domain::life::room::RoomProblem::Text))
}

impl App {
    /// Adds an association with its leader (who becomes its first member).
    pub async fn add_association(&self, user: &User, ip: &str, n: NewAssociation) -> Result<AssociationRow> {
        if n.community.len() != 12 || !runs(user, &n.community) {
            return Err(Error::Forbidden);
        }
        let name = n.name.trim();
        if name.is_empty() || name.chars().count() > 30 {
            return Err(Error::invalid("name", Reason::AssociationName));
        }
        if n.about.chars().count() > 1_000 {
            return Err(long("about"));
        }
        if n.meets.chars().count() > 60 {
            return Err(long("meets"));
        }
        if let Some(r) = n.room {
            let room = linli_store::life::room::by_id(self.db(), r).await?;
            if room.is_none_or(|x| x.community_id != n.community) {
                return Err(Error::NotFound("room"));
            }
        }
        let leader = match self.account_by_login(n.leader.trim()).await {
            Ok(a) => a,
            Err(Error::NotFound(_)) => return Err(Error::invalid("leader", Reason::LeaderUnknown)),
            Err(e) => return Err(e),
        };
        let leader_name = if leader.display_name.trim().is_empty() {
            leader.username.clone().unwrap_or_default()
        } else {
            leader.display_name.clone()
        };
        let now = Utc::now();
        let row = AssociationRow {
            id: Uuid::now_v7(),
            community_id: n.community.clone(),
            name: name.to_owned(),
            about: n.about.trim().to_owned(),
            meets: n.meets.trim().to_owned(),
            room_id: n.room,
            leader_id: leader.id,
            leader_name: leader_name.clone(),
            active: true,
            created_at: now,
        };
        let mut tx = self.db().begin().await?;
        match store::add(&mut tx, &row).await {
            Err(linli_store::Error::Conflict { .. }) => return Err(Error::invalid("name", Reason::AssociationName)),
            r => r?,
        }
        let m = MemberRow {
            association_id: row.id,
            account_id: leader.id,
            name: leader_name,
            status: "member".into(),
            asked_at: now,
            joined_at: Some(now),
        };
        store::ask(&mut tx, &m).await?;
        record(
            &mut tx,
            &user.actor(ip),
            "association.add",
            &row.id.to_string(),
            json!({ "name": row.name, "leader": row.leader_name }),
        )
        .await?;
        tx.commit().await?;
        Ok(row)
    }

    /// The associations the user sees (their area, or where they live).
    pub async fn associations(&self, user: &User) -> Result<Vec<AssociationRow>> {
        let scope = self.life_scope(user).await?;
        Ok(store::in_communities(self.db(), &scope).await?)
    }

    /// One association, with its members for its leader and staff.
    pub async fn association(&self, user: &User, id: Uuid) -> Result<AssociationView> {
        let row = store::by_id(self.db(), id).await?.ok_or(Error::NotFound("association"))?;
        let scope = self.life_scope(user).await?;
        if !scope.iter().any(|p| row.community_id.starts_with(&p[..p.len().min(12)])) {
            return Err(Error::NotFound("association"));
        }
        let all = store::members(self.db(), id).await?;
        let me = user.account.row.id;
        let mine = all.iter().find(|m| m.account_id == me).map(|m| m.status.clone());
        let may_lead = row.leader_id == me || runs(user, &row.community_id);
        let member_count = all.iter().filter(|m| m.status == "member").count();
        let room_name = match row.room_id {
            Some(r) => linli_store::life::room::by_id(self.db(), r).await?.map(|r| r.name),
            None => None,
        };
        let members = if may_lead { all } else { Vec::new() };
        Ok(AssociationView { row, room_name, members, member_count, mine, may_lead, me })
    }

    /// A resident asks to join; the leader is told.
    pub async fn ask_to_join(&self, user: &User, ip: &str, id: Uuid) -> Result<()> {
        let v = self.association(user, id).await?;
        if !self.own_people(user).await?.iter().any(|p| p.community_id == v.row.community_id) {
            return Err(Error::invalid("association", Reason::NotLivingHere));
        }
        let m = MemberRow {
            association_id: id,
            account_id: user.account.row.id,
            name: user.account.shown_name(),
            status: "asked".into(),
            asked_at: Utc::now(),
            joined_at: None,
        };
        let mut tx = self.db().begin().await?;
        if store::ask(&mut tx, &m).await? {
            let text = format!("{} 申请加入{}，请在协会页面处理。", m.name, v.row.name);
            super::room::tell(&mut tx, &v.row.community_id, v.row.leader_id, "入会申请", &text).await?;
            record(&mut tx, &user.actor(ip), "association.ask", &id.to_string(), json!({})).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// The leader (or staff) accepts someone who asked, or takes someone
    /// off (a leader cannot take themself off).
    pub async fn decide_member(&self, user: &User, ip: &str, id: Uuid, account: Uuid, accept: bool) -> Result<()> {
        let v = self.association(user, id).await?;
        let leaving_self = !accept && account == user.account.row.id;
        if !v.may_lead && !leaving_self {
            return Err(Error::Forbidden);
        }
        if !accept && account == v.row.leader_id {
            return Err(Error::Forbidden);
        }
        let mut tx = self.db().begin().await?;
        let done = if accept {
            store::accept(&mut tx, id, account, Utc::now()).await?
        } else {
            store::remove(&mut tx, id, account).await?
        };
        if !done {
            return Err(Error::NotFound("member"));
        }
        if accept {
            let text = format!("您已加入{}。", v.row.name);
            super::room::tell(&mut tx, &v.row.community_id, account, "入会申请", &text).await?;
        }
        let action = if accept { "association.accept" } else { "association.remove" };
        record(&mut tx, &user.actor(ip), action, &id.to_string(), json!({ "account": account })).await?;
        tx.commit().await?;
        Ok(())
    }

    /// The associations the user leads.
    pub async fn associations_led(&self, user: &User) -> Result<Vec<AssociationRow>> {
        Ok(store::led_by(self.db(), user.account.row.id).await?)
    }
}

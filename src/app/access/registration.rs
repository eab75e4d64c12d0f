//! Residents register themselves with name, phone and ID number. When all
//! three match a person in the registry, the account is that person's at once
//! (a resident of their household); otherwise — including when the registry
//! has no phone for them — the registration waits for the community's staff.

use chrono::Utc;
use linli_store::access::registration::{self as store, RegistrationRow};
use linli_store::access::resident;
use linli_store::registry::person::PersonRow;
use linli_store::registry::{household, person};
use serde_json::json;
use uuid::Uuid;

use crate::app::access::account::{NewAccount, hash_password, significant_prefix};
use crate::app::access::audit::{Actor, record};
use crate::app::access::auth::{SignInError, SignedIn, User};
use crate::app::access::limit::Limit;
use crate::app::refusal::Reason;
use crate::app::registry::household::HouseholdView;
use crate::app::{App, Error, Result};
use crate::domain::access::password::{self, PasswordProblem};
use crate::domain::access::role::Role;
use crate::domain::registry::id_number::{IdNumber, IdProblem};
use crate::domain::registry::phone::Phone;

/// What a resident fills in.
#[derive(Debug, Clone)]
pub struct RegistrationForm {
    /// Name as on the ID card.
    pub name: String,
    /// Mobile number (the sign-in).
    pub phone: String,
    /// ID number.
    pub id_number: String,
    /// Chosen password.
    pub password: String,
    /// The community they live in (asked for when no registry record
    /// matches; none chosen, or none that is a community's code: `None`).
    pub community: Option<crate::domain::registry::region::CommunityCode>,
}

/// How a registration ended.
pub enum Registered {
    /// Matched the registry: signed in as a resident of their household.
    Linked(SignedIn),
    /// Waiting for staff to verify.
    Pending,
}

/// Why a registration was refused; each field says what to fix.
#[derive(Debug, thiserror::Error)]
pub enum RegisterError {
    /// The name is empty or too long.
    #[error("name")]
    Name,
    /// Not a mobile number.
    #[error("phone")]
    Phone,
    /// The ID number is wrong, and how.
    #[error("id number: {0}")]
    IdNumber(IdProblem),
    /// The password breaks the policy.
    #[error("password: {0}")]
    Password(PasswordProblem),
    /// An account already uses this phone.
    #[error("phone taken")]
    PhoneTaken,
    /// No such community.
    #[error("community")]
    Community,
    /// Too many registrations from this address lately.
    #[error("too many registrations from this address")]
    TooMany,
    /// Anything else.
    #[error(transparent)]
    Other(#[from] Error),
}

impl From<linli_store::Error> for RegisterError {
    fn from(e: linli_store::Error) -> Self {
        RegisterError::Other(e.into())
    }
}

/// A registration as staff see it.
#[derive(Debug, Clone)]
pub struct PendingRegistration {
    /// What the resident filled in.
    pub row: RegistrationRow,
    /// The person of its community that its ID number names, and their grid.
    pub person: Option<(PersonRow, String)>,
    /// Where that person lives (building unit-room), or empty.
    pub place: String,
}

impl PendingRegistration {
    /// Whether the registry knows the ID number under another name.
    pub fn name_differs(&self) -> bool {
        self.person.as_ref().is_some_and(|(p, _)| p.name != self.row.name)
    }
}

/// Working days staff usually take to verify a registration (said to the
/// resident who signs in before).
pub const VERIFY_WORKING_DAYS: u32 = 2;

/// A registration whose account does not exist yet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Waiting {
    /// Staff have not verified it yet.
    Pending {
        /// When it was submitted.
        since: chrono::DateTime<Utc>,
    },
    /// Staff did not approve it.
    Rejected,
}

/// Registrations one address may submit in an hour.
pub const REGISTRATIONS_PER_HOUR: i64 = 5;
/// The limit they are counted under.
pub const REGISTRATIONS: Limit = Limit { kind: "register", max: REGISTRATIONS_PER_HOUR, window_minutes: 60 };

/// Roles that verify registrations for their community.
const VERIFIERS: [Role; 2] = [Role::CommunityStaff, Role::CommunityHead];

fn verify_scope(user: &User) -> Vec<String> {
    user.account
        .grants
        .iter()
        .filter(|(r, _)| VERIFIERS.contains(r))
        .map(|(_, c)| significant_prefix(c).to_owned())
        .collect()
}

impl App {
    /// Registers a resident.
    pub async fn register(&self, f: &RegistrationForm, ip: &str, agent: &str) -> Result<Registered, RegisterError> {
        let name = f.name.trim().to_owned();
        if name.is_empty() || name.chars().count() > 32 {
            return Err(RegisterError::Name);
        }
        let phone = Phone::parse(&f.phone).map_err(|_| RegisterError::Phone)?;
        let id = IdNumber::parse(&f.id_number, Utc::now().date_naive()).map_err(RegisterError::IdNumber)?;
        password::check(&f.password, &[phone.as_str(), id.as_str()]).map_err(RegisterError::Password)?;
        // Every well-formed registration counts against its address, before
        // anything is looked up — "this phone is taken" included, or a
        // script could ask, phone after phone, who lives here — and in one
        // step, so that a burst of parallel ones gets no more through.
        // (A typo in the form looks nothing up and does not count.)
        if self.reserve(&REGISTRATIONS, ip).await?.is_err() {
            return Err(RegisterError::TooMany);
        }
        if self.find_account(&crate::app::access::account::Login::Phone(phone.clone())).await?.is_some() {
            return Err(RegisterError::PhoneTaken);
        }
        let keys = self.keys();
        let anon = Actor::anonymous(&phone.masked(), ip);
        let matched = person::person_by_id_hashes(self.db(), &keys.lookup_hashes("id", id.as_str())).await?;
        let phone_hashes = keys.lookup_hashes("phone", phone.as_str());
        let matched = matched.filter(|(p, _, stored_phone)| {
            // Name, ID number and the phone the registry holds must all match:
            // an ID number and a name alone are too easy to know about someone
            // else. Without a phone on file, staff verify.
            p.name == name && stored_phone.as_ref().is_some_and(|h| phone_hashes.contains(h))
        });
        let mut tx = self.db().begin().await?;
        if let Some((person, grid, _)) = matched {
            let new = NewAccount { username: None, display_name: name.clone(), phone: Some(phone.clone()) };
            let account = self.insert_account(&mut tx, &anon, new, hash_password(&f.password), false).await?;
            resident::link_resident(&mut tx, &person.community_id, account.id, person.id).await?;
            linli_store::access::account::grant(&mut tx, account.id, Role::Resident.as_str(), &grid).await?;
            record(&mut tx, &anon, "registration.matched", &id.masked(), json!({ "household": person.household_id }))
                .await?;
            tx.commit().await?;
            return match self.sign_in(phone.as_str(), &f.password, ip, agent).await {
                Ok(done) => Ok(Registered::Linked(done)),
                Err(SignInError::Other(e)) => Err(e.into()),
                Err(_) => Err(RegisterError::Other(Error::invalid("password", Reason::SignInFailed))),
            };
        }
        let community = match &f.community {
            Some(c) => linli_store::registry::region::get(self.db(), c.as_str()).await?,
            None => None,
        };
        let Some(community) = community.filter(|c| c.level == linli_store::registry::region::Level::Community) else {
            return Err(RegisterError::Community);
        };
        let row = RegistrationRow {
            community_id: community.code.clone(),
            id: Uuid::now_v7(),
            name,
            id_masked: id.masked(),
            id_sealed: keys.seal(id.as_str()),
            phone_sealed: keys.seal(phone.as_str()),
            phone_hash: keys.lookup_hash("phone", phone.as_str()),
            phone_masked: phone.masked(),
            password_hash: hash_password(&f.password),
            state: "pending".into(),
            created_at: Utc::now(),
        };
        store::insert_registration(&mut tx, &row).await?;
        record(&mut tx, &anon, "registration.submitted", &row.id_masked, json!({ "community": row.community_id }))
            .await?;
        tx.commit().await?;
        Ok(Registered::Pending)
    }

    /// Registrations waiting for this staff member's communities, each with
    /// the person its ID number names in the registry of its community.
    pub async fn pending_registrations(&self, user: &User) -> Result<Vec<PendingRegistration>> {
        let mut out = Vec::new();
        for row in store::pending_registrations(self.db(), &verify_scope(user)).await? {
            let person = self.registered_person(&row).await?;
            let mut place = String::new();
            if let Some((p, _)) = &person
                && let Some(h) = household::household_by_key(self.db(), &p.community_id, p.household_id).await?
            {
                place = format!("{} {}-{}", h.building, h.unit, h.room);
            }
            out.push(PendingRegistration { row, person, place });
        }
        Ok(out)
    }

    /// The person of a registration's community whom its ID number names.
    async fn registered_person(&self, r: &RegistrationRow) -> Result<Option<(PersonRow, String)>> {
        let Some(id) = self.open_sealed(&r.id_sealed) else { return Ok(None) };
        let found = person::person_by_id_hashes(self.db(), &self.keys().lookup_hashes("id", &id)).await?;
        Ok(found.filter(|(p, _, _)| p.community_id == r.community_id).map(|(p, grid, _)| (p, grid)))
    }

    /// Approves or rejects a registration. Approval makes the account a
    /// resident of the household of the person its ID number names in the
    /// registry of its community; with no such person it is refused (the
    /// person is registered first — 迁入登记 — or the registration rejected),
    /// so that an approved resident always sees her household.
    pub async fn decide_registration(&self, user: &User, ip: &str, id: Uuid, approve: bool) -> Result<()> {
        let pending = self.pending_registrations(user).await?;
        let p = pending.into_iter().find(|r| r.row.id == id).ok_or(Error::NotFound("registration"))?;
        let r = &p.row;
        if approve && p.person.is_none() {
            return Err(Error::invalid("decision", Reason::NotInRegistry));
        }
        let actor = user.actor(ip);
        let mut tx = self.db().begin().await?;
        let state = if approve { "approved" } else { "rejected" };
        if !store::decide_registration(&mut tx, &r.community_id, r.id, state, &actor.label).await? {
            return Err(Error::NotFound("registration"));
        }
        let mut household = None;
        if let (true, Some((person, grid))) = (approve, &p.person) {
            let phone = self.open_sealed(&r.phone_sealed).and_then(|p| Phone::parse(&p).ok());
            let new = NewAccount { username: None, display_name: r.name.clone(), phone };
            let account = self.insert_account(&mut tx, &actor, new, r.password_hash.clone(), false).await?;
            resident::link_resident(&mut tx, &person.community_id, account.id, person.id).await?;
            linli_store::access::account::grant(&mut tx, account.id, Role::Resident.as_str(), grid).await?;
            household = Some(person.household_id);
        }
        let detail = json!({ "community": r.community_id, "household": household });
        record(&mut tx, &actor, &format!("registration.{state}"), &r.id_masked, detail).await?;
        tx.commit().await?;
        Ok(())
    }

    /// What sign-in tells someone whose phone has no account but a
    /// registration, when the password is the one registered: that it waits
    /// for verification, or was not approved. `None` otherwise.
    pub(crate) async fn registration_waiting(&self, phone: &Phone, password: &str) -> Result<Option<Waiting>> {
        let hashes = self.keys().lookup_hashes("phone", phone.as_str());
        let Some(r) = store::registration_for_phone(self.db(), &hashes).await? else {
            crate::app::access::account::verify_password(password, &crate::app::access::auth::DUMMY_HASH);
            return Ok(None);
        };
        if !crate::app::access::account::verify_password(password, &r.password_hash) {
            return Ok(None);
        }
        Ok(match r.state.as_str() {
            "pending" => Some(Waiting::Pending { since: r.created_at }),
            "rejected" => Some(Waiting::Rejected),
            _ => None,
        })
    }

    /// A resident's own household(s), through their link to the registry.
    pub async fn my_households(&self, user: &User) -> Result<Vec<HouseholdView>> {
        let mut out = Vec::new();
        for (community, household) in resident::linked_households(self.db(), user.account.row.id).await? {
            if let Some(row) = household::household_by_key(self.db(), &community, household).await? {
                out.extend(self.own_household_view(row).await?);
            }
        }
        Ok(out)
    }

    /// Links an account to the registry's record of the person it is (as
    /// an approved registration does): she then sees her household. Audited.
    pub async fn link_resident_account(
        &self,
        actor: &Actor,
        account: Uuid,
        community: &str,
        person: Uuid,
    ) -> Result<()> {
        let mut tx = self.db().begin().await?;
        resident::link_resident(&mut tx, community, account, person).await?;
        record(&mut tx, actor, "resident.link", community, json!({ "account": account, "person": person })).await?;
        tx.commit().await?;
        Ok(())
    }
}

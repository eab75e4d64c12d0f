//! A volunteer's certificate of hours, checkable by its code.

use super::*;

/// Who the user acts as for a step, of the parts they hold.
pub(super) fn who_for(step: Step, requester: bool, claimer: bool, volunteer: bool, staff: bool) -> Option<Who> {
    match step {
        // Nobody claims their own wish.
        Step::Claim => (volunteer && !requester).then_some(Who::Volunteer),
        Step::GiveBack | Step::Finish => claimer.then_some(Who::Claimer),
        _ if requester => Some(Who::Requester),
        _ if staff => Some(Who::Staff),
        _ => None,
    }
}

/// A volunteer certificate (志愿服务证明) as issued: what it says and the
/// code that proves linli issued it with these figures.
#[derive(Debug, Clone)]
pub struct Certificate {
    /// The volunteer's record.
    pub record: VolunteerView,
    /// Their ID number, masked.
    pub id_masked: String,
    /// The day it was issued.
    pub issued: NaiveDate,
    /// The check code printed and carried by the QR code.
    pub code: String,
}

/// What the check code of a certificate covers.
pub(super) fn certificate_text(volunteer: Uuid, minutes: i64, issued: NaiveDate) -> String {
    format!("{volunteer}:{minutes}:{issued}")
}

pub(super) const CERTIFICATE_KIND: &str = "volunteer-certificate";

impl App {
    /// A volunteer's certificate, issued today over their confirmed hours.
    pub async fn volunteer_certificate(&self, user: &User, ip: &str, id: Uuid) -> Result<Certificate> {
        let record = self.volunteer(user, id).await?;
        let id_masked = match record.row.person_id {
            Some(p) => linli_store::registry::person::person_in(self.db(), &record.row.community_id, p)
                .await?
                .map(|p| p.id_masked)
                .unwrap_or_default(),
            None => String::new(),
        };
        let issued = time::day(Utc::now());
        let code = self.certificate_code(id, record.confirmed, issued);
        let mut tx = self.db().begin().await?;
        record_audit(&mut tx, user, ip, id, record.confirmed).await?;
        tx.commit().await?;
        Ok(Certificate { record, id_masked, issued, code })
    }

    fn certificate_code(&self, id: Uuid, minutes: i64, issued: NaiveDate) -> String {
        let h = self.keys().lookup_hash(CERTIFICATE_KIND, &certificate_text(id, minutes, issued));
        h.chars().filter(char::is_ascii_hexdigit).take(12).collect::<String>().to_ascii_uppercase()
    }

    /// Checks a certificate's code: the volunteer's name (masked beyond the
    /// family name) and community when it fits, nothing when it does not.
    pub async fn verify_certificate(
        &self,
        id: Uuid,
        minutes: i64,
        issued: NaiveDate,
        code: &str,
    ) -> Result<Option<(String, String)>> {
        let typed: String = code.chars().filter(char::is_ascii_hexdigit).collect::<String>().to_ascii_uppercase();
        let fits = typed.len() == 12
            && self.keys().lookup_hashes(CERTIFICATE_KIND, &certificate_text(id, minutes, issued)).iter().any(|h| {
                h.chars().filter(char::is_ascii_hexdigit).collect::<String>().to_ascii_uppercase().starts_with(&typed)
            });
        if !fits {
            return Ok(None);
        }
        let Some(v) = store::volunteer(self.db(), id).await? else { return Ok(None) };
        let names = self.short_names(std::slice::from_ref(&v.community_id)).await?;
        let masked: String = v.name.chars().take(1).chain(v.name.chars().skip(1).map(|_| '*')).collect();
        Ok(Some((masked, names.get(&v.community_id).cloned().unwrap_or(v.community_id))))
    }
}

pub(super) async fn record_audit(
    tx: &mut linli_store::Tx,
    user: &User,
    ip: &str,
    id: Uuid,
    minutes: i64,
) -> Result<()> {
    record(tx, &user.actor(ip), "volunteer.certificate", &id.to_string(), json!({ "minutes": minutes })).await
}

//! Why mediation, petitions or the 三零 figures refused.

/// Why mediation, petitions or the 三零 figures refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CaseRefusal {
    /// A case's kind, matter, risk, origin or body, or an incident's kind,
    /// that linli does not know.
    MediationCode {
        /// The codes it knows.
        known: String,
    },
    /// A case's matter in words: 5–2000 characters.
    MediationSummary,
    /// The event a case comes from is not one of this community's, or has
    /// its case already.
    MediationEvent,
    /// A party without a name (1–40 characters) or with an address over 120.
    MediationParty,
    /// A party's ID number is not a valid one.
    MediationIdNumber,
    /// A dispute needs an applicant and a respondent, a petition its
    /// petitioner; at most ten parties.
    MediationParties,
    /// The case's workflow does not allow this now.
    MediationRefused(crate::domain::mediation::case::Refused),
    /// Someone else acted on the case meanwhile.
    MediationChangedMeanwhile,
    /// Terms, minutes or notes over 4000 characters.
    MediationText,
    /// When a session was held: not in the future, within a year.
    MediationWhen,
    /// A session's place (≤60), participants (≤300) and minutes (≤4000).
    MediationSession,
    /// A 科技法庭 session names its court and its judge.
    MediationCourt,
    /// A session's video address is a web address (http:// or https://).
    MediationVideo,
    /// No agreement was reached to print.
    MediationNoAgreement,
    /// The grid named is not one of the case's community.
    MediationGrid,
    /// No room of the case's community chosen, or it could not be booked.
    MediationRoom,
    /// A year linli cannot count.
    ZeroYear,
    /// An incident's day: not in the future, within three years.
    ZeroDay,
    /// What happened: 2–200 characters.
    ZeroSummary,
    /// An accident's event: a 安全隐患 event of this community, recorded once.
    ZeroEvent,
}

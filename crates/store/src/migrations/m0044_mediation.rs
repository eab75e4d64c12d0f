//! Mediation and petitions (矛盾纠纷调解 / 信访): cases with their parties,
//! the bodies taking part, sessions (a 科技法庭 session with its court,
//! judge and video address) and every step; and the incidents the police
//! office and the community record against 三零.

use sea_query::{ColumnDef, Index, Table};

use super::{Step, index};

pub(super) fn steps() -> Vec<Step> {
    vec![
        Step::Table(
            Table::create()
                .table("mediation_case")
                .col(ColumnDef::new("community_id").string_len(12).not_null())
                .col(ColumnDef::new("id").uuid().not_null())
                // 2026-0007: the year and its order in the community.
                .col(ColumnDef::new("number").string_len(12).not_null())
                .col(ColumnDef::new("kind").string_len(12).not_null())
                .col(ColumnDef::new("matter").string_len(12).not_null())
                .col(ColumnDef::new("risk").string_len(8).not_null())
                .col(ColumnDef::new("state").string_len(12).not_null())
                .col(ColumnDef::new("origin").string_len(8).not_null())
                .col(ColumnDef::new("event_id").uuid().null())
                // Where the parties live: the grid worker of this grid learns
                // that a case exists, nothing more.
                .col(ColumnDef::new("grid_code").string_len(18).null())
                .col(ColumnDef::new("summary").text().not_null())
                // A petition that went above the community first (越级上访).
                .col(ColumnDef::new("above").boolean().not_null())
                // The bodies taking part, comma separated (committee,police).
                .col(ColumnDef::new("bodies").string_len(80).not_null())
                // The handler units among them whose members open the case.
                .col(ColumnDef::new("unit_ids").text().not_null())
                // Who keeps (承办) it.
                .col(ColumnDef::new("keeper_id").uuid().not_null())
                .col(ColumnDef::new("keeper_name").string_len(60).not_null())
                .col(ColumnDef::new("registered_on").date().not_null())
                .col(ColumnDef::new("accepted_on").date().null())
                .col(ColumnDef::new("agreed_on").date().null())
                .col(ColumnDef::new("consent").boolean().not_null())
                .col(ColumnDef::new("terms").text().null())
                .col(ColumnDef::new("follow_up").text().null())
                .col(ColumnDef::new("closed_on").date().null())
                .col(ColumnDef::new("created_at").timestamp_with_time_zone().not_null())
                .col(ColumnDef::new("updated_at").timestamp_with_time_zone().not_null())
                .primary_key(Index::create().col("community_id").col("id"))
                .to_owned(),
        ),
        index("ux_mediation_case_number", "mediation_case", &["community_id", "number"], true),
        index("ix_mediation_case_id", "mediation_case", &["id"], false),
        index("ix_mediation_case_grid", "mediation_case", &["grid_code"], false),
        Step::Table(
            Table::create()
                .table("mediation_party")
                .col(ColumnDef::new("community_id").string_len(12).not_null())
                .col(ColumnDef::new("case_id").uuid().not_null())
                .col(ColumnDef::new("id").uuid().not_null())
                // applicant (申请人) or respondent (被申请人).
                .col(ColumnDef::new("side").string_len(12).not_null())
                // From the registry, or someone from outside it.
                .col(ColumnDef::new("person_id").uuid().null())
                .col(ColumnDef::new("name").string_len(40).not_null())
                .col(ColumnDef::new("id_sealed").text().null())
                .col(ColumnDef::new("id_masked").string_len(24).null())
                .col(ColumnDef::new("phone_sealed").text().null())
                .col(ColumnDef::new("phone_masked").string_len(20).null())
                .col(ColumnDef::new("address").string_len(120).not_null())
                .primary_key(Index::create().col("community_id").col("id"))
                .to_owned(),
        ),
        index("ix_mediation_party_case", "mediation_party", &["community_id", "case_id"], false),
        Step::Table(
            Table::create()
                .table("mediation_step")
                .col(ColumnDef::new("community_id").string_len(12).not_null())
                .col(ColumnDef::new("case_id").uuid().not_null())
                .col(ColumnDef::new("id").uuid().not_null())
                .col(ColumnDef::new("action").string_len(16).not_null())
                .col(ColumnDef::new("state").string_len(12).not_null())
                .col(ColumnDef::new("text").text().not_null())
                .col(ColumnDef::new("by_name").string_len(60).not_null())
                .col(ColumnDef::new("at").timestamp_with_time_zone().not_null())
                .primary_key(Index::create().col("community_id").col("id"))
                .to_owned(),
        ),
        index("ix_mediation_step_case", "mediation_step", &["community_id", "case_id"], false),
        Step::Table(
            Table::create()
                .table("mediation_session")
                .col(ColumnDef::new("community_id").string_len(12).not_null())
                .col(ColumnDef::new("case_id").uuid().not_null())
                .col(ColumnDef::new("id").uuid().not_null())
                .col(ColumnDef::new("held_at").timestamp_with_time_zone().not_null())
                .col(ColumnDef::new("place").string_len(60).not_null())
                .col(ColumnDef::new("participants").string_len(300).not_null())
                .col(ColumnDef::new("minutes").text().not_null())
                // A 科技法庭 session: the court, the judge and the video address.
                .col(ColumnDef::new("court").string_len(60).null())
                .col(ColumnDef::new("judge").string_len(40).null())
                .col(ColumnDef::new("video").string_len(300).null())
                .col(ColumnDef::new("recorded_by").string_len(60).not_null())
                .col(ColumnDef::new("created_at").timestamp_with_time_zone().not_null())
                .primary_key(Index::create().col("community_id").col("id"))
                .to_owned(),
        ),
        index("ix_mediation_session_case", "mediation_session", &["community_id", "case_id"], false),
        Step::Table(
            Table::create()
                .table("zero_incident")
                .col(ColumnDef::new("community_id").string_len(12).not_null())
                .col(ColumnDef::new("id").uuid().not_null())
                // criminal, public_order or accident.
                .col(ColumnDef::new("kind").string_len(16).not_null())
                .col(ColumnDef::new("occurred_on").date().not_null())
                // No names: what happened, for the month's figures.
                .col(ColumnDef::new("summary").string_len(200).not_null())
                // The safety event that was an accident.
                .col(ColumnDef::new("event_id").uuid().null())
                .col(ColumnDef::new("recorded_by").string_len(60).not_null())
                .col(ColumnDef::new("created_at").timestamp_with_time_zone().not_null())
                .primary_key(Index::create().col("community_id").col("id"))
                .to_owned(),
        ),
        index("ix_zero_incident_day", "zero_incident", &["community_id", "occurred_on"], false),
        index("ix_mediation_case_day", "mediation_case", &["community_id", "registered_on"], false),
    ]
}

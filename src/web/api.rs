//! The JSON API under `/api/v1`, and its OpenAPI description.

use axum::Json;
use axum::extract::{Path, State};
use serde::{Deserialize, Serialize};
use utoipa::OpenApi;

use super::AppState;
use super::body::ApiJson;
use super::error::{ErrorBody, ErrorCode, WebError};
use crate::app::registry::region::{LOOKUP_LIMIT, RegionRow, RegionView};
use crate::domain::registry::region::RegionCode;

/// A region of the statistical division tree.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Region {
    /// 12-digit statistical division code.
    #[schema(example = "141102002006")]
    pub code: String,
    /// The parent's code; absent for provinces.
    pub parent_code: Option<String>,
    /// `province`, `city`, `district`, `street` or `community`.
    #[schema(example = "community")]
    pub level: &'static str,
    /// Official name.
    #[schema(example = "生态园社区居委会")]
    pub name: String,
    /// Everyday name.
    #[schema(example = "生态园社区")]
    pub short_name: String,
}

impl From<RegionRow> for Region {
    fn from(r: RegionRow) -> Self {
        Region {
            code: r.code,
            parent_code: r.parent_code,
            level: r.level.as_str(),
            name: r.name,
            short_name: r.short_name,
        }
    }
}

/// A region with its ancestry and direct children.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct RegionDetail {
    /// The region.
    #[serde(flatten)]
    pub region: Region,
    /// From the province down to the parent.
    pub ancestors: Vec<Region>,
    /// Direct children, in code order.
    pub children: Vec<Region>,
}

impl From<RegionView> for RegionDetail {
    fn from(v: RegionView) -> Self {
        RegionDetail {
            region: v.region.into(),
            ancestors: v.ancestors.into_iter().map(Region::from).collect(),
            children: v.children.into_iter().map(Region::from).collect(),
        }
    }
}

/// Several codes to look up at once.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LookupRequest {
    /// Up to 500 codes (2 to 12 digits each).
    #[schema(example = json!(["141102001002", "141102002006"]))]
    pub codes: Vec<String>,
}

/// The regions found, in the order asked; unknown codes are listed apart.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct LookupResponse {
    /// Regions found.
    pub regions: Vec<Region>,
    /// Codes asked for that match no region.
    pub unknown: Vec<String>,
}

fn parse_code(text: &str) -> Result<RegionCode, WebError> {
    crate::web::codes::region("code", text)
}

/// One region with its ancestry and children.
#[utoipa::path(get, path = "/api/v1/regions/{code}", tag = "regions",
    params(("code" = String, Path, description = "Statistical division code, 2–12 digits", example = "141102")),
    responses(
        (status = 200, description = "The region", body = RegionDetail),
        (status = 400, description = "`invalid_region_code`", body = ErrorBody),
        (status = 404, description = "`region_not_found`", body = ErrorBody)))]
pub async fn region(State(state): State<AppState>, Path(code): Path<String>) -> Result<Json<RegionDetail>, WebError> {
    let code = parse_code(&code)?;
    Ok(Json(state.app.region(&code).await?.into()))
}

/// Many regions at once.
#[utoipa::path(post, path = "/api/v1/regions/lookup", tag = "regions",
    request_body = LookupRequest,
    responses(
        (status = 200, description = "Regions found and codes not found", body = LookupResponse),
        (status = 400, description = "`invalid_json`, `invalid_region_code` or `invalid_input` (more than 500 codes)", body = ErrorBody),
        (status = 413, description = "`body_too_large`", body = ErrorBody),
        (status = 415, description = "`unsupported_media_type`", body = ErrorBody)))]
pub async fn lookup_regions(
    State(state): State<AppState>,
    ApiJson(req): ApiJson<LookupRequest>,
) -> Result<Json<LookupResponse>, WebError> {
    if req.codes.len() > LOOKUP_LIMIT {
        return Err(WebError {
            code: ErrorCode::InvalidInput,
            field: Some("codes"),
            detail: Some(format!("at most {LOOKUP_LIMIT} codes at a time")),
            reason: None,
        });
    }
    let codes = req.codes.iter().map(|c| parse_code(c)).collect::<Result<Vec<_>, _>>()?;
    let found = state.app.lookup_regions(&codes).await?;
    let unknown = codes.iter().filter(|c| !found.iter().any(|r| r.code == c.as_str())).map(|c| c.to_string()).collect();
    Ok(Json(LookupResponse { regions: found.into_iter().map(Region::from).collect(), unknown }))
}

/// What this server runs.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ServerInfo {
    /// linli's version.
    pub version: &'static str,
    /// `sqlite` or `postgres`.
    pub database: &'static str,
    /// Schema version this binary needs.
    pub schema_version: i64,
}

/// Version and database engine of this server.
#[utoipa::path(get, path = "/api/v1/info", tag = "ops", responses((status = 200, body = ServerInfo)))]
pub async fn info(State(state): State<AppState>) -> Json<ServerInfo> {
    Json(ServerInfo {
        version: env!("CARGO_PKG_VERSION"),
        database: state.app.backend().name(),
        schema_version: linli_store::migrations::latest(),
    })
}

/// The OpenAPI document.
#[derive(OpenApi)]
#[openapi(
    info(title = "linli API", description = "邻里 linli 智慧社区平台的 JSON 接口 / the JSON API of the linli smart-community platform. Errors are `{\"code\", \"message\"}` with a stable machine code and a Chinese message (English with `Accept-Language: en`)."),
    paths(info, region, lookup_regions, super::health::healthz, super::health::readyz,
        super::access::account::api_signin, super::access::account::api_code, super::access::account::api_signout, super::access::account::me, super::access::audit::api,
        super::registry::households::api_list, super::registry::households::api_show, super::registry::import::api,
        super::access::registration::api, super::registry::people::api_search, super::registry::people::api_show, super::registry::people::api_edit, super::registry::people::api_patch,
        super::registry::people::api_leave, super::registry::people::api_move, super::registry::people::api_stats,
        super::registry::place::api_region, super::registry::place::api_boundary, super::registry::place::api_add_org, super::registry::place::api_move_building,
        super::registry::place::api_house, super::registry::place::api_add_team_member, super::registry::place::api_add_grid,
        super::registry::place::api_add_building, super::registry::place::api_add_household, super::registry::place::api_move_in,
        super::registry::place::api_assign_worker, super::events::report::api_report, super::events::report::api_buildings, super::events::report::api_houses, super::events::list::api_list, super::events::list::api_export, super::events::event::api_show,
        super::events::event::api_act, super::events::report::api_track, super::notify::outbox::list, super::notify::outbox::take, super::notify::outbox::sent, super::events::list::api_bulk_dispatch,
        super::events::measures::api, super::events::category::api_list, super::events::category::api_save,
        super::events::unit::api_list, super::events::unit::api_add, super::events::unit::api_show, super::events::unit::api_add_member, super::events::unit::api_set_active,
        super::events::unit::api_remove_member, super::events::unit::api_rules, super::events::unit::api_set_rule, super::events::unit::api_remove_rule,
        super::events::unit::api_measures,
        super::events::report::api_my_reports, super::services::service::catalogue, super::services::service::apply, super::services::service::act,
        super::services::service::track, super::services::visit::api_due, super::services::visit::api_suggestions, super::services::visit::api_record,
        super::services::visit::api_visits, super::services::rules::api_visit_rules, super::services::rules::api_put_visit_rule,
        super::services::rules::api_care_rules, super::services::rules::api_put_care_rule, super::services::appointment::api_request,
        super::services::appointment::api_appointments, super::services::appointment::api_schedule, super::services::appointment::api_my_appointments,
        super::services::my_applications::api_my_applications, super::services::service::api_list, super::services::service::api_summary,
        super::services::service::save_item, super::bills::bill::fee_items, super::bills::bill::save_fee_item, super::bills::bill::run,
        super::bills::bill::house_bills, super::bills::bill::pay, super::bills::bill::read_meter,
        super::bills::bill::create_order, super::bills::bill::callback, super::bills::bill::request_adjustment,
        super::bills::bill::adjustments, super::bills::bill::decide_adjustment, super::bills::arrears_api::arrears, super::bills::arrears_api::plan, super::bills::arrears_api::remind,
        super::bills::reconcile::reconciliation, super::bills::reconcile::apply, super::bills::prepaid::prepaid, super::bills::prepaid::deposit,
        super::bills::reading::api_round, super::bills::reading::api_import,
        super::life::notice::api_list, super::life::notice::api_publish, super::life::notice::api_show,
        super::life::notice::api_unread, super::life::notice::api_told, super::life::notice::api_withdraw,
        super::life::notice::api_mine, super::life::room::api_list, super::life::room::api_add,
        super::life::room::api_bookings, super::life::room::api_book, super::life::room::api_cancel, super::life::room::api_decide,
        super::life::association::api_list, super::life::association::api_add, super::life::association::api_join,
        super::life::association::api_member, super::life::activity::api_list, super::life::activity::api_add,
        super::life::activity::api_show, super::life::activity::api_register, super::life::activity::api_cancel,
        super::life::activity::api_registrations, super::life::activity::api_checkin, super::life::class::api_list,
        super::life::class::api_add, super::life::class::api_day, super::life::class::api_child,
        super::life::wall::api_list, super::life::wall::api_post, super::life::wall::api_show, super::life::wall::api_step,
        super::life::volunteer::api_list, super::life::volunteer::api_register, super::life::volunteer::api_hours,
        super::life::volunteer::api_decide, super::life::points::api_mine, super::life::points::api_person,
        super::life::points::api_correct, super::life::points::api_give, super::life::points::api_shop,
        super::life::points::api_add_item, super::life::points::api_exchange, super::life::points::api_collect,
        super::life::points::api_cancel, super::life::points::api_study, super::life::points::api_open_study,
        super::life::points::api_finish_study, super::life::points::api_add_study, super::life::points::api_study_audio,
        super::life::points::api_rules,
        super::life::joint::api_lists, super::life::joint::api_add_need, super::life::joint::api_need_step,
        super::life::joint::api_add_resource, super::life::joint::api_call_meeting, super::life::joint::api_make_project,
        super::life::joint::api_progress, super::centre::produce::api_shelf, super::centre::produce::api_order,
        super::centre::produce::api_show, super::centre::produce::api_pay, super::centre::produce::api_cancel,
        super::centre::produce::api_counter, super::centre::produce::api_counter_step,
        super::centre::produce::api_add_enterprise, super::centre::produce::api_add_product,
        super::centre::produce::api_stock, super::centre::produce::api_sales, super::centre::produce::api_sales_sheet,
        super::centre::produce::api_photos, super::centre::daycare::api_elders, super::centre::daycare::api_enrol,
        super::centre::daycare::api_mine, super::centre::daycare::api_grid, super::centre::daycare::api_book,
        super::centre::daycare::api_cancel, super::centre::daycare::api_attendance,
        super::centre::daycare::api_save_menu, super::centre::daycare::api_menu, super::centre::daycare::api_kitchen,
        super::centre::daycare::api_bills, super::centre::reading::api_books, super::centre::reading::api_add_book,
        super::centre::reading::api_position, super::centre::reading::api_save_position,
        super::centre::reading::api_loans, super::centre::reading::api_lend, super::centre::reading::api_return,
        super::centre::reading::api_figures, super::mediation::case::api_list, super::mediation::case::api_register,
        super::mediation::case::api_show, super::mediation::case::api_act, super::mediation::case::api_session,
        super::mediation::zero::api_zero, super::mediation::zero::api_incident, super::dashboard::api_dashboard,
        super::dashboard::report::api_list, super::dashboard::report::api_fill, super::dashboard::report::api_xlsx),
    components(schemas(Region, RegionDetail, LookupRequest, LookupResponse, ErrorBody, ServerInfo, super::health::Readiness,
        super::access::account::SignInRequest, super::access::account::CodeRequest, super::access::account::SessionInfo, super::access::account::Me, super::access::account::GrantInfo,
        super::access::audit::AuditEntry, super::registry::households::HouseholdJson, super::registry::people::PersonJson,
        super::registry::import::ImportResult, super::sheet::ProblemJson,
        super::access::registration::RegisterRequest, super::access::registration::RegisterResult,
        super::registry::people::PersonDetailJson, super::registry::people::PersonWithHistory, super::registry::people::HistoryJson,
        super::registry::people::PersonPatch, super::registry::people::FactsIn, super::registry::people::LeaveForm, super::registry::people::MoveJson, crate::app::registry::stats::Stats,
        super::registry::place::RegionNodeJson, super::registry::place::BoundaryJson, super::registry::place::OrgForm, super::registry::place::MoveForm,
        super::registry::place::HouseForm, super::registry::place::TeamForm, super::registry::people::PersonIn, super::registry::place::GridForm,
        super::registry::place::BuildingForm, super::registry::place::HouseholdIn, super::registry::place::AssignForm,
        super::events::report::ReportJson, super::events::report::Reported, super::events::event::EventJson, super::events::list::EventListJson, super::events::list::EventItemJson, super::events::event::StepJson, super::events::event::ActionJson,
        crate::app::events::public::Tracked, super::notify::outbox::NotificationJson, super::notify::outbox::OutgoingJson, super::notify::outbox::Confirmed, super::events::event::PhotoJson, super::events::list::BulkJson,
        super::events::list::BulkResult, super::events::measures::MeasuresJson, super::events::measures::GroupJson, super::events::measures::StepTimeJson, super::events::category::CategoryJson,
        super::events::category::CategoryBody, super::events::report::MyReportJson,
        super::events::unit::UnitJson, super::events::unit::MemberJson, super::events::unit::UnitDetailJson, super::events::unit::RuleJson,
        super::events::unit::NewUnitJson, super::events::unit::NewMemberJson, super::events::unit::ActiveJson, super::events::unit::MemberAddedJson,
        super::events::unit::UnitMeasureJson, super::events::unit::UnitMeasuresJson, super::services::service::ItemJson,
        super::services::service::ApplicationIn, super::services::service::Applied, super::services::service::ApplicationJson, super::services::service::ApplicationStepIn,
        super::services::visit::DueJson, super::services::visit::SuggestionJson, super::services::visit::VisitJson, super::services::visit::Recorded,
        super::services::visit::VisitOut, super::services::rules::VisitRuleJson, super::services::rules::CareRuleJson,
        super::services::appointment::AppointmentJson, super::services::appointment::AppointmentOut, super::services::appointment::ScheduleJson,
        super::services::service::ApplicationRowJson, super::services::service::TallyJson, super::bills::bill::TierJson,
        super::bills::bill::FeeItemJson, super::bills::bill::RunJson, super::bills::bill::RunOut, super::bills::bill::BillJson,
        super::bills::bill::PayJson, super::bills::bill::PaidJson, super::bills::bill::ReadingJson, super::bills::bill::ReadingOut,
        super::bills::bill::OrderJson, super::bills::bill::CallbackOut, super::bills::bill::AdjustJson, super::bills::bill::AdjustmentJson,
        super::bills::bill::DecideJson, super::bills::arrears_api::ArrearJson, super::bills::arrears_api::ArrearsPageJson,
        super::bills::arrears_api::ReminderPlanJson, super::bills::arrears_api::ReminderJson, super::bills::arrears_api::RemindJson, super::bills::arrears_api::RemindedJson,
        super::bills::bill::OrderIn, super::bills::reconcile::ReconciliationJson, super::bills::reconcile::ChannelJson, super::bills::reconcile::TakerJson,
        super::bills::reconcile::ProviderJson, super::bills::reconcile::DifferenceJson, super::bills::reconcile::StatementDayIn,
        super::bills::reconcile::AppliedJson, super::bills::prepaid::PrepaidJson, super::bills::prepaid::EntryJson,
        super::bills::prepaid::DepositJson, super::bills::prepaid::DepositedJson, super::bills::reading::RoundJson,
        super::bills::reading::ReadingsImportJson, super::life::notice::NoticeJson, super::life::notice::ReachOut,
        super::life::notice::NoticeOut, super::life::notice::TallyOut, super::life::notice::UnreadOut,
        super::life::notice::ToldForm, super::life::notice::Marked, super::life::room::RoomOut, super::life::room::RoomJson,
        super::life::room::BookingOut, super::life::room::BookJson, super::life::room::BookedOut, super::life::room::SkippedOut,
        super::life::room::CancelForm, super::life::room::DecideForm, super::life::room::Cancelled,
        super::life::association::AssociationOut, super::life::association::AssociationJson, super::life::association::MemberForm,
        super::life::activity::ActivityOut, super::life::activity::ActivityJson, super::life::activity::StandingOut,
        super::life::activity::CodeQuery, super::life::activity::RegistrationOut, super::life::class::ClassOut,
        super::life::class::ClassJson, super::life::class::ChildOut, super::life::class::ClassActionJson,
        super::life::class::ChildForm, super::life::wall::WishOut, super::life::wall::WishDetail, super::life::wall::ContactOut,
        super::life::wall::WishJson, super::life::wall::WishStepJson, super::life::volunteer::VolunteerOut,
        super::life::volunteer::VolunteerJson, super::life::volunteer::HoursJson, super::life::volunteer::HoursOut,
        super::life::volunteer::HoursDecision, super::life::points::PointsOut, super::life::points::EntryOut,
        super::life::points::CorrectJson, super::life::points::GiveJson, super::life::points::ShopItemOut,
        super::life::points::ShopItemJson, super::life::points::ExchangeJson, super::life::points::ExchangeOut,
        super::life::points::StudyOut, super::life::points::EarnedOut, super::life::points::StudyJson,
        super::life::points::RulesJson, super::life::joint::NeedOut, super::life::joint::ResourceOut,
        super::life::joint::ProjectOut, super::life::joint::MeetingOut, super::life::joint::ListsOut,
        super::life::joint::NeedJson, super::life::joint::NeedStepJson, super::life::joint::ResourceJson,
        super::life::joint::MeetingJson, super::life::joint::ProjectJson, super::life::joint::ProgressJson,
        super::centre::produce::ProduceProductOut, super::centre::produce::PickupWindowOut,
        super::centre::produce::ProduceShelfOut, super::centre::produce::ProduceLineJson,
        super::centre::produce::ProduceOrderJson, super::centre::produce::ProduceLineOut,
        super::centre::produce::ProduceOrderOut, super::centre::produce::ProducePayOut,
        super::centre::produce::CounterStepJson, super::centre::produce::EnterpriseJson,
        super::centre::produce::EnterpriseOut, super::centre::produce::ProduceProductJson,
        super::centre::produce::StockJson, super::centre::produce::StockOut, super::centre::produce::SalesOut,
        super::centre::produce::PhotosAddedOut, super::centre::daycare::ElderOut, super::centre::daycare::EldersOut,
        super::centre::daycare::ContactJson, super::centre::daycare::EnrolJson, super::centre::daycare::MenuCellJson,
        super::centre::daycare::MenuOut, super::centre::daycare::MenuJson, super::centre::daycare::GridCellOut,
        super::centre::daycare::GridOut, super::centre::daycare::BookingJson, super::centre::daycare::ChangedOut,
        super::centre::daycare::PlatesOut, super::centre::daycare::AllergyOut, super::centre::daycare::KitchenOut,
        super::centre::daycare::AttendanceJson, super::centre::daycare::AttendanceOut,
        super::centre::daycare::MealBillsJson, super::centre::daycare::MealBillsOut,
        super::centre::reading::BookOut, super::centre::reading::CatalogueBookJson, super::centre::reading::PositionJson,
        super::centre::reading::SavedOut, super::centre::reading::LoanOut, super::centre::reading::LendJson,
        super::centre::reading::FiguresOut, super::mediation::case::CaseOut, super::mediation::case::PartyJson,
        super::mediation::case::CaseJson, super::mediation::case::PartyOut, super::mediation::case::SessionOut,
        super::mediation::case::CaseStepOut, super::mediation::case::CaseFileOut, super::mediation::case::CaseActionJson,
        super::mediation::case::SessionJson, super::mediation::zero::ZeroCommunityOut,
        super::mediation::zero::ZeroMonthOut, super::mediation::zero::ZeroOut, super::mediation::zero::IncidentJson,
        super::mediation::zero::IncidentOut, super::dashboard::DashboardOut, super::dashboard::PointOut,
        super::dashboard::DashboardChildOut, super::dashboard::report::ReportOut, super::dashboard::report::FilledOut,
        super::dashboard::report::FilledRowOut)),
    modifiers(&BearerToken),
    tags((name = "regions", description = "地区 / the region tree"), (name = "ops", description = "运维 / operations"),
        (name = "accounts", description = "账号 / accounts and sessions"),
        (name = "audit", description = "审计 / the audit log"),
        (name = "registry", description = "一标三实 / households and people"),
        (name = "services", description = "便民服务 / services and applications"),
        (name = "notices", description = "通知公告 / notices and who has read them"),
        (name = "rooms", description = "场地预约 / rooms and their bookings"),
        (name = "activities", description = "社区活动与协会 / activities, registrations and associations"),
        (name = "wall", description = "爱心回音壁与志愿服务 / the help wall, volunteers and their hours"),
        (name = "points", description = "积分 / points, the points shop and study items"),
        (name = "produce", description = "助农展销 / the produce counter, its orders and sales"),
        (name = "daycare", description = "日间照料 / elderly day care: elders, menus, meal bookings, the kitchen's order, attendance, meal bills"),
        (name = "mediation", description = "矛盾纠纷调解 / mediation: disputes and petitions as cases (parties masked, every opening audited), sessions (科技法庭), the workflow, and the 三零 figures per community and month"),
        (name = "reading", description = "电子阅览 / the reading room: catalogue, loans, reading positions (云书签), figures; KOReader's progress sync is served at /api/v1/kosync"),
        (name = "events", description = "诉求事件 / reports and their workflow"),
        (name = "dashboard", description = "大脑中枢 / an area's figures: people, events, services, visits, bills, cases, trends and the areas below side by side"))
)]
pub struct ApiDoc;

/// Declares the `Authorization: Bearer linli_…` scheme of API tokens.
struct BearerToken;

impl utoipa::Modify for BearerToken {
    fn modify(&self, doc: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
        let components = doc.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "token",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .description(Some("An API token from `linli token add`, e.g. `linli_…`"))
                    .build(),
            ),
        );
    }
}

/// `GET /api/openapi.json`.
pub async fn openapi_json(State(state): State<AppState>) -> Json<serde_json::Value> {
    Json(serde_json::Value::clone(&state.openapi))
}

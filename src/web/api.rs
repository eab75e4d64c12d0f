//! The JSON API under `/api/v1`, and its OpenAPI description.

use axum::Json;
use axum::extract::{FromRequest, Path, Request, State};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use utoipa::OpenApi;

use super::AppState;
use super::error::{ErrorBody, ErrorCode, WebError};
use crate::app::region::{LOOKUP_LIMIT, RegionRow, RegionView};
use crate::domain::region::RegionCode;

/// A JSON body whose rejections (malformed, too large, wrong type) become
/// linli's error bodies.
pub struct ApiJson<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for ApiJson<T> {
    type Rejection = WebError;

    async fn from_request(req: Request, state: &S) -> Result<Self, WebError> {
        Ok(ApiJson(Json::<T>::from_request(req, state).await?.0))
    }
}

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
    RegionCode::parse(text).map_err(|e| WebError {
        code: ErrorCode::InvalidRegionCode,
        field: Some("code"),
        detail: Some(format!("{text:?}: {e}")),
    })
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
        super::account::api_signin, super::account::api_code, super::account::api_signout, super::account::me, super::audit::api,
        super::households::api_list, super::households::api_show, super::import::api,
        super::registration::api, super::people::api_search, super::people::api_show, super::people::api_edit,
        super::people::api_leave, super::people::api_move, super::people::api_stats,
        super::place::api_region, super::place::api_boundary, super::place::api_add_org, super::place::api_move_building,
        super::place::api_house, super::place::api_add_team_member, super::place::api_add_grid,
        super::place::api_add_building, super::place::api_add_household, super::place::api_move_in,
        super::place::api_assign_worker, super::events::api_report, super::events::api_list, super::events::api_show,
        super::events::api_act, super::events::api_track, super::outbox::list, super::outbox::take, super::outbox::sent, super::events::api_bulk_dispatch,
        super::measures::api, super::categories::api_list, super::categories::api_save,
        super::events::api_my_reports, super::services::catalogue, super::services::apply, super::services::act,
        super::services::track, super::visits::api_due, super::visits::api_suggestions, super::visits::api_record,
        super::visits::api_visits, super::visits::api_visit_rules, super::visits::api_put_visit_rule,
        super::visits::api_care_rules, super::visits::api_put_care_rule, super::visits::api_request,
        super::visits::api_appointments, super::visits::api_schedule, super::visits::api_my_appointments,
        super::visits::api_my_applications, super::services::api_list, super::services::api_summary,
        super::services::save_item, super::bills::fee_items, super::bills::save_fee_item, super::bills::run,
        super::bills::house_bills, super::bills::pay, super::bills::read_meter,
        super::bills::create_order, super::bills::callback, super::bills::request_adjustment,
        super::bills::adjustments, super::bills::decide_adjustment, super::bills::arrears, super::bills::remind,
        super::reconcile::reconciliation, super::reconcile::apply, super::prepaid::prepaid, super::prepaid::deposit,
        super::readings::api_round, super::readings::api_import),
    components(schemas(Region, RegionDetail, LookupRequest, LookupResponse, ErrorBody, ServerInfo, super::health::Readiness,
        super::account::SignInRequest, super::account::CodeRequest, super::account::SessionInfo, super::account::Me, super::account::GrantInfo,
        super::audit::AuditEntry, super::households::HouseholdJson, super::households::PersonJson,
        super::import::ImportResult, super::import::ProblemJson,
        super::registration::RegisterRequest, super::registration::RegisterResult,
        super::people::PersonDetailJson, super::people::PersonWithHistory, super::people::HistoryJson,
        super::people::EditForm, super::people::FactsIn, super::people::LeaveForm, super::people::MoveJson, crate::app::stats::Stats,
        super::place::RegionNodeJson, super::place::BoundaryJson, super::place::OrgForm, super::place::MoveForm,
        super::place::HouseForm, super::place::TeamForm, super::place::PersonIn, super::place::GridForm,
        super::place::BuildingForm, super::place::HouseholdIn, super::place::AssignForm,
        super::events::ReportJson, super::events::Reported, super::events::EventJson, super::events::StepJson, super::events::ActionJson,
        crate::app::event::Tracked, super::outbox::NotificationJson, super::outbox::OutgoingJson, super::outbox::Confirmed, super::events::PhotoJson, super::events::BulkJson,
        super::events::BulkResult, super::measures::MeasuresJson, super::measures::GroupJson, super::measures::StepTimeJson, super::categories::CategoryJson,
        super::categories::CategoryBody, super::events::MyReportJson, super::services::ItemJson,
        super::services::ApplicationIn, super::services::Applied, super::services::ApplicationJson, super::services::ApplicationStepIn,
        super::visits::DueJson, super::visits::SuggestionJson, super::visits::VisitJson, super::visits::Recorded,
        super::visits::VisitOut, super::visits::VisitRuleJson, super::visits::CareRuleJson,
        super::visits::AppointmentJson, super::visits::AppointmentOut, super::visits::ScheduleJson,
        super::services::ApplicationRowJson, super::services::TallyJson, super::bills::TierJson,
        super::bills::FeeItemJson, super::bills::RunJson, super::bills::RunOut, super::bills::BillJson,
        super::bills::PayJson, super::bills::PaidJson, super::bills::ReadingJson, super::bills::ReadingOut,
        super::bills::OrderJson, super::bills::CallbackOut, super::bills::AdjustJson, super::bills::AdjustmentJson,
        super::bills::DecideJson, super::bills::ArrearJson, super::bills::RemindedJson,
        super::bills::OrderIn, super::reconcile::ReconciliationJson, super::reconcile::ChannelJson, super::reconcile::TakerJson,
        super::reconcile::ProviderJson, super::reconcile::DifferenceJson, super::reconcile::StatementDayIn,
        super::reconcile::AppliedJson, super::prepaid::PrepaidJson, super::prepaid::EntryJson,
        super::prepaid::DepositJson, super::prepaid::DepositedJson, super::readings::RoundJson,
        super::readings::ReadingsImportJson)),
    modifiers(&BearerToken),
    tags((name = "regions", description = "地区 / the region tree"), (name = "ops", description = "运维 / operations"),
        (name = "accounts", description = "账号 / accounts and sessions"),
        (name = "audit", description = "审计 / the audit log"),
        (name = "registry", description = "一标三实 / households and people"),
        (name = "services", description = "便民服务 / services and applications"),
        (name = "events", description = "诉求事件 / reports and their workflow"))
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

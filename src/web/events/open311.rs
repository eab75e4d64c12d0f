//! Open311 GeoReport v2 at `/open311/v2`: any Open311 client can list our
//! categories as services, file a request and follow it. Every resource is
//! served as `.json` and `.xml`; errors come in the spec's error list.
//!
//! What we decided where the spec leaves room: a request's id is its
//! tracking code (unguessable, so reading one request needs no key);
//! listing requests needs an `api_key` with the `open311` scope and shows
//! only the key's region; `jurisdiction_id` is a community's 12-digit code.

use std::fmt::Write as _;

use axum::body::Bytes;
use axum::extract::{ConnectInfo, Path, Query, State};
use axum::http::header::{AUTHORIZATION, CONTENT_TYPE};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, NaiveDate, Utc};

use crate::domain::time;
use linli_store::events::event::Find;
use serde_json::{Value, json};

use crate::app::access::token::{Client, Scope, TokenRefusal};
use crate::app::events::public::PublicEvent;
use crate::app::events::report::NewReport;
use crate::domain::events::event::{ALL, handler_zh, without_numbers};
use crate::domain::events::field::{Field, Kind};
use crate::domain::registry::phone::Phone;
use crate::domain::registry::region::CommunityCode;
use crate::web::AppState;
use crate::web::i18n::Lang;

/// The most requests one listing returns.
const PAGE: u64 = 200;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Json,
    Xml,
}

/// Splits `requests.json` into its name and format.
fn split(file: &str) -> Result<(&str, Format), Failure> {
    match file.rsplit_once('.') {
        Some((name, "json")) => Ok((name, Format::Json)),
        Some((name, "xml")) => Ok((name, Format::Xml)),
        _ => Err(Failure::new(StatusCode::NOT_FOUND, "use .json or .xml")),
    }
}

/// An error as Open311 words it; shown in the format asked for.
#[derive(Debug)]
struct Failure {
    status: StatusCode,
    description: String,
}

impl Failure {
    fn new(status: StatusCode, description: impl Into<String>) -> Failure {
        Failure { status, description: crate::web::error::bounded(description.into()) }
    }

    fn bad(description: impl Into<String>) -> Failure {
        Failure::new(StatusCode::BAD_REQUEST, description)
    }

    fn render(self, format: Format) -> Response {
        let body = json!([{ "code": self.status.as_u16(), "description": self.description }]);
        respond(self.status, format, "errors", &body)
    }
}

impl From<crate::app::Error> for Failure {
    fn from(e: crate::app::Error) -> Failure {
        use crate::app::Error;
        match e {
            Error::Invalid { field, reason } => {
                let field = match (field, &reason) {
                    (_, crate::app::refusal::Reason::FieldValue { problem, .. }) => {
                        format!("attribute[{}]", problem.code())
                    }
                    ("text", _) => "description".into(),
                    ("category", _) => "service_code".into(),
                    ("community", _) => "jurisdiction_id".into(),
                    ("building_id", _) => "address_id".into(),
                    ("name", _) => "first_name".into(),
                    (other, _) => other.into(),
                };
                // Both languages, as the other failures of Open311 say it.
                let (zh, en) = (Lang::Zh.refusal(&reason), Lang::En.refusal(&reason));
                Failure::bad(format!("{field}: {zh} / {en}"))
            }
            Error::NotFound("building") => Failure::bad("address_id: 没有这栋楼 / no such building"),
            Error::NotFound(_) | Error::RegionNotFound => Failure::new(StatusCode::NOT_FOUND, "没有找到 / not found"),
            Error::Forbidden => Failure::new(StatusCode::FORBIDDEN, "无权操作 / forbidden"),
            Error::TooMany => Failure::new(
                StatusCode::TOO_MANY_REQUESTS,
                "请求太频繁，请稍后再试 / too many requests: try again later",
            ),
            Error::Busy(_) => Failure::new(
                StatusCode::SERVICE_UNAVAILABLE,
                "服务器正忙，请稍后再试 / the server is busy: try again shortly",
            ),
            other => {
                tracing::error!(error = %other, "open311 request failed");
                Failure::new(StatusCode::INTERNAL_SERVER_ERROR, "服务器内部错误 / internal error")
            }
        }
    }
}

fn respond(status: StatusCode, format: Format, root: &str, body: &Value) -> Response {
    let mut res = match format {
        Format::Json => (status, axum::Json(body)).into_response(),
        Format::Xml => {
            let mut out = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>");
            xml(&mut out, root, body);
            (status, [(CONTENT_TYPE, "text/xml; charset=utf-8")], out).into_response()
        }
    };
    // Errors keep the spec's body, not linli's.
    res.extensions_mut().insert(crate::web::error::OwnBody);
    res
}

/// The element name of one item of a list, as the spec's XML has it.
fn item_name(list: &str) -> &str {
    match list {
        "service_requests" => "request",
        "services" => "service",
        "errors" => "error",
        "attributes" => "attribute",
        "values" => "value",
        "endpoints" => "endpoint",
        "formats" => "format",
        other => other.strip_suffix('s').unwrap_or(other),
    }
}

/// Writes a JSON value as the spec's XML: objects are elements of their
/// keys, lists repeat their item element, null is an empty element.
fn xml(out: &mut String, name: &str, v: &Value) {
    let _ = write!(out, "<{name}>");
    match v {
        Value::Null => {}
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => out.push_str(&n.to_string()),
        Value::String(s) => escape(out, s),
        Value::Array(items) => items.iter().for_each(|i| xml(out, item_name(name), i)),
        Value::Object(map) => map.iter().for_each(|(k, v)| xml(out, k, v)),
    }
    let _ = write!(out, "</{name}>");
}

fn escape(out: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Control characters are not allowed in XML 1.0.
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {}
            c => out.push(c),
        }
    }
}

fn local(at: DateTime<Utc>) -> String {
    time::zone().rfc3339(at)
}

/// `GET /open311/v2/{file}`: discovery, services or requests.
pub async fn get_top(
    State(state): State<AppState>,
    Path(file): Path<String>,
    headers: HeaderMap,
    Query(q): Query<Vec<(String, String)>>,
) -> Response {
    let Ok((name, format)) = split(&file) else {
        return Failure::new(StatusCode::NOT_FOUND, "no such resource").render(Format::Json);
    };
    let result = match name {
        "discovery" => Ok(discovery(&state.edge.base_url(&headers), format)),
        "services" => services(&state).await.map(|v| respond(StatusCode::OK, format, "services", &v)),
        "requests" => {
            list_requests(&state, &headers, &q).await.map(|v| respond(StatusCode::OK, format, "service_requests", &v))
        }
        _ => Err(Failure::new(StatusCode::NOT_FOUND, "no such resource")),
    };
    result.unwrap_or_else(|f| f.render(format))
}

fn discovery(base: &str, format: Format) -> Response {
    let body = json!({
        "changeset": "2026-11-28T00:00:00+08:00",
        "contact": "社区党群服务中心 / the community service centre",
        "key_service": "API keys: `linli token add --scope open311`",
        "endpoints": [{
            "specification": "http://wiki.open311.org/GeoReport_v2",
            "url": format!("{base}/open311/v2"),
            "changeset": "2026-11-28T00:00:00+08:00",
            "type": "production",
            "formats": ["application/json", "text/xml"],
        }],
    });
    respond(StatusCode::OK, format, "discovery", &body)
}

async fn services(state: &AppState) -> Result<Value, Failure> {
    let categories = state.app.categories().await?;
    let group = |c: &crate::app::events::category::Category| {
        let parent = c.parent.as_deref().unwrap_or(&c.code);
        categories.iter().find(|p| p.code == parent).map_or_else(|| c.name.clone(), |p| p.name.clone())
    };
    Ok(Value::Array(
        categories
            .iter()
            .filter(|c| c.active)
            .map(|c| {
                json!({
                    "service_code": c.code,
                    "service_name": c.name,
                    "description": format!("{}：{}，派遣后 {} 小时内办结", c.name, handler_zh(&c.handler), c.hours),
                    "metadata": !c.fields.is_empty(),
                    "type": "realtime",
                    "keywords": group(c),
                    "group": group(c),
                })
            })
            .collect(),
    ))
}

/// `GET /open311/v2/services/{code}.{format}`: a service's definition.
pub async fn service_definition(State(state): State<AppState>, Path(file): Path<String>) -> Response {
    let (code, format) = match split(&file) {
        Ok(x) => x,
        Err(f) => return f.render(Format::Json),
    };
    match state.app.categories().await {
        Ok(all) => match all.iter().find(|c| c.code == code && c.active) {
            Some(c) => {
                let body = json!({ "service_code": code, "attributes": attributes(&c.fields) });
                respond(StatusCode::OK, format, "service_definition", &body)
            }
            None => {
                Failure::new(StatusCode::NOT_FOUND, format!("service_code {code} 不存在 / not found")).render(format)
            }
        },
        Err(e) => Failure::from(e).render(format),
    }
}

/// A category's extra fields as GeoReport v2 attributes.
fn attributes(fields: &[Field]) -> Value {
    Value::Array(
        fields
            .iter()
            .enumerate()
            .map(|(i, f)| {
                let values: Vec<Value> = f.choices.iter().map(|c| json!({ "key": c, "name": c })).collect();
                json!({
                    "variable": true,
                    "code": f.code,
                    "datatype": f.kind.open311(),
                    "required": f.required,
                    "datatype_description": match f.kind {
                        Kind::Date => "YYYY-MM-DD",
                        Kind::Number => "数字 / a number",
                        Kind::Choices => "可多选：重复 attribute[code][] / several: repeat attribute[code][]",
                        _ => "",
                    },
                    "order": i + 1,
                    "description": f.name,
                    "values": values,
                })
            })
            .collect(),
    )
}

/// The `attribute[code]` (and `attribute[code][]`) values of a request.
fn attribute_values(p: &[(String, String)]) -> crate::domain::events::field::Given {
    let mut given = crate::domain::events::field::Given::new();
    for (k, v) in p {
        if let Some(code) = k
            .strip_prefix("attribute[")
            .and_then(|r| r.strip_suffix("[]").or(Some(r)))
            .and_then(|r| r.strip_suffix(']'))
        {
            given.entry(code.to_owned()).or_default().push(v.clone());
        }
    }
    given
}

/// A request as Open311 shows it. Descriptions and notes never carry a
/// phone or ID number; listed without a key (`anyone`), the notes and the
/// agency name no person either (a dispatch may name the handler).
fn request_json(e: &PublicEvent, base: &str, anyone: bool) -> Value {
    let notes = match &e.note {
        Some(n) if !anyone => format!("{}：{}", e.state.zh(), without_numbers(n)),
        _ => e.state.zh().to_owned(),
    };
    let agency = match &e.row.handler {
        Some(h) if !anyone => h.clone(),
        _ => handler_zh(&e.category.handler).to_owned(),
    };
    json!({
        "service_request_id": e.row.code,
        "status": e.state.open311(),
        "status_notes": notes,
        "service_name": e.category.name,
        "service_code": e.category.code,
        "description": without_numbers(&e.row.text),
        "agency_responsible": agency,
        "service_notice": format!("派遣后 {} 小时内办结", e.category.hours),
        "requested_datetime": local(e.row.created_at),
        "updated_datetime": local(e.row.updated_at),
        "expected_datetime": e.due.map(local),
        "address": e.row.address,
        "address_id": e.row.building_id.map(|b| b.to_string()),
        "zipcode": Value::Null,
        "lat": e.row.lat,
        "long": e.row.lon,
        "media_url": e.photo.map(|p| format!("{base}/track/{}/photos/{p}", e.row.code)),
    })
}

/// The key a machine client sends: `api_key` in the query or form, or a
/// bearer token; it must hold the `open311` scope.
async fn client(state: &AppState, headers: &HeaderMap, params: &[(String, String)]) -> Result<Client, Failure> {
    let bearer =
        headers.get(AUTHORIZATION).and_then(|v| v.to_str().ok()).and_then(|v| v.strip_prefix("Bearer ")).map(str::trim);
    let key = bearer.or_else(|| params.iter().find(|(k, _)| k == "api_key").map(|(_, v)| v.as_str()));
    let forbidden = |why: &str| Failure::new(StatusCode::FORBIDDEN, why.to_owned());
    let Some(key) = key else { return Err(forbidden("api_key 缺失 / api_key is required")) };
    match state.app.authenticate_token(key).await? {
        Ok(c) if c.may(Scope::Open311) => Ok(c),
        Ok(_) => Err(forbidden("api_key 没有 open311 权限 / api_key lacks the open311 scope")),
        Err(TokenRefusal::Invalid) => Err(forbidden("api_key 无效 / invalid api_key")),
    }
}

fn param<'a>(params: &'a [(String, String)], name: &str) -> Option<&'a str> {
    params.iter().find(|(k, _)| k == name).map(|(_, v)| v.trim()).filter(|v| !v.is_empty())
}

/// A date filter: ISO 8601 with its offset, or a bare date (local time).
fn date(params: &[(String, String)], name: &str) -> Result<Option<DateTime<Utc>>, Failure> {
    let Some(text) = param(params, name) else { return Ok(None) };
    if let Ok(at) = DateTime::parse_from_rfc3339(text) {
        return Ok(Some(at.with_timezone(&Utc)));
    }
    NaiveDate::parse_from_str(text, "%Y-%m-%d").ok().map(|d| Some(time::zone().day_start(d))).ok_or_else(|| {
        Failure::bad(format!("{name}: 应为 ISO 8601 时间 / expected ISO 8601, e.g. 2026-11-28T08:00:00+08:00"))
    })
}

/// Whether the request carries a key (then it must be good).
fn has_key(headers: &HeaderMap, params: &[(String, String)]) -> bool {
    headers.contains_key(AUTHORIZATION) || params.iter().any(|(k, _)| k == "api_key")
}

/// Lists requests. Without a key (GeoReport v2 needs none to read), only
/// the categories marked public, anywhere or in one `jurisdiction_id`, with
/// no one's name in them; with a key, every category of the key's region.
async fn list_requests(state: &AppState, headers: &HeaderMap, q: &[(String, String)]) -> Result<Value, Failure> {
    let mut find = Find::default();
    let (region, public) = if has_key(headers, q) {
        (Some(client(state, headers, q).await?.region), false)
    } else {
        let region = match param(q, "jurisdiction_id") {
            Some(j) => Some(
                crate::web::codes::community(j)
                    .map_err(|_| Failure::bad("jurisdiction_id: 应为社区的 12 位代码 / a community's 12-digit code"))?
                    .region(),
            ),
            None => None,
        };
        find.categories = state.app.categories().await?.into_iter().filter(|c| c.public).map(|c| c.code).collect();
        if find.categories.is_empty() {
            return Ok(Value::Array(Vec::new()));
        }
        (region, true)
    };
    if let Some(ids) = param(q, "service_request_id") {
        // The spec: with ids given, the other filters are ignored.
        find.codes = ids.split(',').map(|c| c.trim().to_owned()).filter(|c| !c.is_empty()).collect();
        if find.codes.len() > PAGE as usize {
            return Err(Failure::bad(format!("service_request_id: 最多 {PAGE} 个 / at most {PAGE} ids at once")));
        }
    } else {
        find.category = param(q, "service_code").map(str::to_owned);
        find.from = date(q, "start_date")?;
        find.to = date(q, "end_date")?;
        if find.from.is_none() && find.to.is_none() {
            find.from = Some(Utc::now() - chrono::Duration::days(90));
        }
        if let Some(status) = param(q, "status") {
            let wanted: Vec<&str> = status.split(',').map(str::trim).collect();
            if let Some(bad) = wanted.iter().find(|s| !matches!(**s, "open" | "closed")) {
                return Err(Failure::bad(format!("status: {bad} 不是 open 或 closed / must be open or closed")));
            }
            find.states = ALL.iter().filter(|s| wanted.contains(&s.open311())).map(|s| s.as_str().to_owned()).collect();
        }
    }
    let events = state.app.public_events(region.as_ref(), &find, PAGE).await?;
    let base = state.edge.base_url(headers);
    Ok(Value::Array(events.iter().map(|e| request_json(e, &base, public)).collect()))
}

/// `POST /open311/v2/requests.{format}`: files a request (form-encoded, as
/// the spec says), with an `api_key` of scope `open311`.
pub async fn post_requests(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<std::net::SocketAddr>,
    Path(file): Path<String>,
    headers: HeaderMap,
    Query(query): Query<Vec<(String, String)>>,
    body: Bytes,
) -> Response {
    let format = match split(&file) {
        Ok(("requests", format)) => format,
        Ok((_, format)) => {
            return Failure::new(StatusCode::METHOD_NOT_ALLOWED, "only requests take a POST").render(format);
        }
        Err(f) => return f.render(Format::Json),
    };
    let mut params: Vec<(String, String)> = match serde_urlencoded::from_bytes(&body) {
        Ok(p) => p,
        Err(_) => {
            return Failure::bad("请求体应为 application/x-www-form-urlencoded / the body must be form-encoded")
                .render(format);
        }
    };
    params.extend(query);
    match file_request(&state, &headers, &params, &peer.ip().to_string()).await {
        Ok(v) => respond(StatusCode::CREATED, format, "service_requests", &v),
        Err(f) => f.render(format),
    }
}

async fn file_request(
    state: &AppState,
    headers: &HeaderMap,
    p: &[(String, String)],
    peer: &str,
) -> Result<Value, Failure> {
    let client = client(state, headers, p).await?;
    let service = param(p, "service_code").ok_or_else(|| Failure::bad("service_code: 必填 / required"))?;
    let community = match param(p, "jurisdiction_id") {
        Some(j) => CommunityCode::parse(j)
            .map_err(|_| Failure::bad("jurisdiction_id: 应为 12 位社区代码 / a 12-digit community code"))?,
        // A key for one community files there without saying so.
        None => match client.region.as_community() {
            Some(c) => c,
            // Otherwise a position places it: the grid whose boundary holds
            // the point, under the key's region, and that grid's community.
            None => {
                let located = match located(p) {
                    Some(point) => state.app.grid_at(point, client.region.prefix()).await.map_err(Failure::from)?,
                    None => None,
                };
                located.and_then(|g| CommunityCode::parse(&g[..12]).ok()).ok_or_else(|| {
                    Failure::bad("jurisdiction_id: 必填，12 位社区代码（或给出辖区网格内的 lat 与 long）/ required: the community's 12-digit code, or a lat and long inside one of its grids")
                })?
            }
        },
    };
    if !client.covers(community.as_str()) {
        return Err(Failure::new(
            StatusCode::FORBIDDEN,
            "api_key 不能在这个社区上报 / the key does not cover this jurisdiction",
        ));
    }
    let position = match (param(p, "lat"), param(p, "long")) {
        (Some(lat), Some(lon)) => Some(
            lat.parse::<f64>()
                .ok()
                .zip(lon.parse::<f64>().ok())
                .ok_or_else(|| Failure::bad("lat/long: 应为数字 / must be numbers"))?,
        ),
        (None, None) => None,
        _ => return Err(Failure::bad("lat/long: 两者都要 / both are required")),
    };
    let building_id = match param(p, "address_id") {
        Some(id) => {
            Some(uuid::Uuid::parse_str(id).map_err(|_| Failure::bad("address_id: 没有这栋楼 / no such building"))?)
        }
        None => None,
    };
    let address = param(p, "address_string").map(str::to_owned);
    if position.is_none() && building_id.is_none() && address.is_none() {
        return Err(Failure::bad(
            "location: 需要 lat 与 long、address_string 或 address_id / lat and long, address_string or address_id is required",
        ));
    }
    let phone = match param(p, "phone") {
        Some(text) => Some(
            Phone::parse(text)
                .map_err(|_| Failure::bad("phone: 手机号应为 11 位数字，以 1 开头 / an 11-digit mobile number"))?,
        ),
        None => None,
    };
    let name = format!("{}{}", param(p, "last_name").unwrap_or(""), param(p, "first_name").unwrap_or(""));
    let report = NewReport {
        category: service.to_owned(),
        text: param(p, "description").unwrap_or("").to_owned(),
        building_id,
        address,
        position,
        reporter_name: name,
        reporter_phone: phone,
        reporter_email: param(p, "email").map(str::to_owned),
        source: "open311".into(),
        attributes: attribute_values(p),
        ..NewReport::in_community(community)
    };
    let (_, code) = state.app.report_event(&client.actor(peer), None, report).await?;
    let hours = state.app.categories().await?.into_iter().find(|c| c.code == service).map_or(0, |c| c.hours);
    Ok(json!([{
        "service_request_id": code,
        "service_notice": format!("已收到，派遣后 {hours} 小时内办结；查询码 {code}"),
        "account_id": Value::Null,
    }]))
}

/// The request's `lat` and `long` (WGS-84, as GeoReport has them), when both
/// are numbers on the Earth: (longitude, latitude).
fn located(p: &[(String, String)]) -> Option<(f64, f64)> {
    let lat = param(p, "lat")?.parse::<f64>().ok()?;
    let lon = param(p, "long")?.parse::<f64>().ok()?;
    ((-90.0..=90.0).contains(&lat) && (-180.0..=180.0).contains(&lon)).then_some((lon, lat))
}

/// `GET /open311/v2/requests/{id}.{format}`: one request by its id (the
/// tracking code); no key needed, and no personal data shown.
pub async fn get_request(
    State(state): State<AppState>,
    Path(file): Path<String>,
    headers: HeaderMap,
    Query(query): Query<Vec<(String, String)>>,
) -> Response {
    let (code, format) = match split(&file) {
        Ok(x) => x,
        Err(f) => return f.render(Format::Json),
    };
    match one_request(&state, &headers, query, code).await {
        Ok(found) => respond(StatusCode::OK, format, "service_requests", &found),
        Err(f) => f.render(format),
    }
}

/// One request as the list shows it to this caller: without a key, only
/// those of public categories; with one, those of its region. Otherwise
/// not found, as if it did not exist.
async fn one_request(
    state: &AppState,
    headers: &HeaderMap,
    mut query: Vec<(String, String)>,
    code: &str,
) -> Result<Value, Failure> {
    query.retain(|(k, _)| k != "service_request_id");
    query.push(("service_request_id".into(), code.trim().to_owned()));
    let found = list_requests(state, headers, &query).await?;
    if found.as_array().is_none_or(Vec::is_empty) {
        return Err(crate::app::Error::NotFound("event").into());
    }
    Ok(found)
}

/// `GET /open311/v2/tokens/{token}.{format}`: our requests get their id at
/// once, so a token is the id itself.
pub async fn get_token(
    State(state): State<AppState>,
    Path(file): Path<String>,
    headers: HeaderMap,
    Query(query): Query<Vec<(String, String)>>,
) -> Response {
    let (token, format) = match split(&file) {
        Ok(x) => x,
        Err(f) => return f.render(Format::Json),
    };
    match one_request(&state, &headers, query, token).await {
        Ok(_) => respond(
            StatusCode::OK,
            format,
            "service_requests",
            &json!([{ "service_request_id": token.trim(), "token": token.trim() }]),
        ),
        Err(f) => f.render(format),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_and_refusals_are_not_server_errors() {
        use crate::app::Error;
        for (e, status) in
            [(Error::TooMany, 429), (Error::Busy("photos"), 503), (Error::Forbidden, 403), (Error::RegionNotFound, 404)]
        {
            assert_eq!(Failure::from(e).status.as_u16(), status);
        }
    }

    #[test]
    fn xml_follows_the_spec_shape_and_escapes() {
        let mut out = String::new();
        xml(&mut out, "service_requests", &json!([{ "description": "<楼道> & \"灯\"", "lat": null }]));
        assert_eq!(
            out,
            "<service_requests><request><description>&lt;楼道&gt; &amp; &quot;灯&quot;</description>\
             <lat></lat></request></service_requests>"
        );
    }

    #[test]
    fn formats_come_from_the_extension() {
        assert_eq!(split("services.json").unwrap(), ("services", Format::Json));
        assert_eq!(split("0205.xml").unwrap(), ("0205", Format::Xml));
        assert!(split("services.html").is_err());
        assert!(split("services").is_err());
    }
}

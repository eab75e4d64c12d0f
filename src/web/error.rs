//! Errors mapped to HTTP in one place. Handlers return [`WebError`]; the
//! [`crate::web::error_page::render`] step of the web layer turns every
//! error response — ours, axum's (404, 405, rejected bodies) and tower's
//! (timeout, body limit, panic) — into a JSON body `{"code", "message"}`
//! under `/api` and an HTML page elsewhere, both in the visitor's language
//! (Chinese unless English is asked for).

use axum::extract::rejection::JsonRejection;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

use super::i18n::Lang;
use crate::app;
use crate::app::refusal::Reason;

/// Stable machine codes of the API. Never renamed once shipped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorCode {
    /// No such page or resource.
    NotFound,
    /// No region with this code.
    RegionNotFound,
    /// The text is not a region code.
    InvalidRegionCode,
    /// A field was refused.
    InvalidInput,
    /// The body is not valid JSON for this request.
    InvalidJson,
    /// The body's content type is not accepted.
    UnsupportedMediaType,
    /// The body is larger than allowed.
    BodyTooLarge,
    /// The path exists but not with this method.
    MethodNotAllowed,
    /// The request took too long.
    Timeout,
    /// The database is unreachable or busy.
    Unavailable,
    /// A bug: something that should not fail did.
    Internal,
    /// A form without the right token: reload the page.
    CsrfFailed,
    /// Not signed in.
    Unauthenticated,
    /// The session timed out or was ended.
    SessionExpired,
    /// Wrong login or password.
    BadCredentials,
    /// Too many failed sign-ins on this login.
    AccountLocked,
    /// Too many sign-ins tried from this address.
    TooManyAttempts,
    /// The account is disabled.
    AccountDisabled,
    /// No account yet: the registration with this phone and password waits
    /// for the community's staff, or was not approved.
    RegistrationPending,
    /// Signed in, but this needs another role.
    Forbidden,
    /// The API token is unknown, malformed or revoked.
    InvalidToken,
    /// The API token lacks the scope this needs.
    InsufficientScope,
    /// The password was right; the one-time code is still needed.
    SecondFactorRequired,
    /// The one-time code is wrong, expired or used.
    WrongCode,
    /// Signed in with an initial password: change it before anything else.
    PasswordChangeRequired,
    /// Staff must turn on the second factor before anything else.
    SecondFactorEnrolmentRequired,
    /// A cookie-signed-in API write came from another site, or not as JSON.
    CrossSiteRequest,
    /// The server is doing as much of this work as it takes at once
    /// (photos, sheets, exports); try again after Retry-After.
    Busy,
    /// The account already has an export (or import) running.
    JobRunning,
    /// The record already exists (a unique key would be duplicated).
    Conflict,
}

impl ErrorCode {
    /// The HTTP status.
    pub fn status(self) -> StatusCode {
        match self {
            ErrorCode::NotFound | ErrorCode::RegionNotFound => StatusCode::NOT_FOUND,
            ErrorCode::InvalidRegionCode | ErrorCode::InvalidInput | ErrorCode::InvalidJson => StatusCode::BAD_REQUEST,
            ErrorCode::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ErrorCode::BodyTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            ErrorCode::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            ErrorCode::Timeout | ErrorCode::Unavailable | ErrorCode::Busy => StatusCode::SERVICE_UNAVAILABLE,
            ErrorCode::Internal => StatusCode::INTERNAL_SERVER_ERROR,
            ErrorCode::CsrfFailed
            | ErrorCode::AccountDisabled
            | ErrorCode::RegistrationPending
            | ErrorCode::Forbidden
            | ErrorCode::InsufficientScope
            | ErrorCode::PasswordChangeRequired
            | ErrorCode::SecondFactorEnrolmentRequired
            | ErrorCode::CrossSiteRequest => StatusCode::FORBIDDEN,
            ErrorCode::Unauthenticated
            | ErrorCode::SessionExpired
            | ErrorCode::BadCredentials
            | ErrorCode::InvalidToken
            | ErrorCode::SecondFactorRequired
            | ErrorCode::WrongCode => StatusCode::UNAUTHORIZED,
            ErrorCode::AccountLocked | ErrorCode::TooManyAttempts | ErrorCode::JobRunning => {
                StatusCode::TOO_MANY_REQUESTS
            }
            ErrorCode::Conflict => StatusCode::CONFLICT,
        }
    }

    /// The machine code.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::NotFound => "not_found",
            ErrorCode::RegionNotFound => "region_not_found",
            ErrorCode::InvalidRegionCode => "invalid_region_code",
            ErrorCode::InvalidInput => "invalid_input",
            ErrorCode::InvalidJson => "invalid_json",
            ErrorCode::UnsupportedMediaType => "unsupported_media_type",
            ErrorCode::BodyTooLarge => "body_too_large",
            ErrorCode::MethodNotAllowed => "method_not_allowed",
            ErrorCode::Timeout => "timeout",
            ErrorCode::Unavailable => "unavailable",
            ErrorCode::Internal => "internal",
            ErrorCode::CsrfFailed => "csrf_failed",
            ErrorCode::Unauthenticated => "unauthenticated",
            ErrorCode::SessionExpired => "session_expired",
            ErrorCode::BadCredentials => "bad_credentials",
            ErrorCode::AccountLocked => "account_locked",
            ErrorCode::TooManyAttempts => "too_many_attempts",
            ErrorCode::AccountDisabled => "account_disabled",
            ErrorCode::RegistrationPending => "registration_pending",
            ErrorCode::Forbidden => "forbidden",
            ErrorCode::InvalidToken => "invalid_token",
            ErrorCode::InsufficientScope => "insufficient_scope",
            ErrorCode::SecondFactorRequired => "second_factor_required",
            ErrorCode::WrongCode => "wrong_code",
            ErrorCode::PasswordChangeRequired => "password_change_required",
            ErrorCode::SecondFactorEnrolmentRequired => "second_factor_enrolment_required",
            ErrorCode::CrossSiteRequest => "cross_site_request",
            ErrorCode::Busy => "busy",
            ErrorCode::JobRunning => "job_running",
            ErrorCode::Conflict => "conflict",
        }
    }

    /// What happened, for a person.
    pub fn message(self, lang: Lang) -> &'static str {
        let (zh, en) = match self {
            ErrorCode::NotFound => ("找不到这个页面或资源。", "This page or resource does not exist."),
            ErrorCode::RegionNotFound => ("没有这个区划代码对应的地区。", "No region has this code."),
            ErrorCode::InvalidRegionCode => {
                ("区划代码应为 2、4、6、9 或 12 位数字。", "A region code has 2, 4, 6, 9 or 12 digits.")
            }
            ErrorCode::InvalidInput => {
                ("提交的内容有误，请检查后重试。", "Some input was refused; check it and try again.")
            }
            ErrorCode::InvalidJson => (
                "请求内容不是有效的 JSON，或缺少必填字段。",
                "The body is not valid JSON for this request, or a required field is missing.",
            ),
            ErrorCode::UnsupportedMediaType => {
                ("请求内容类型不受支持，请使用 application/json。", "Unsupported content type; send application/json.")
            }
            ErrorCode::BodyTooLarge => ("提交的内容太大。", "The request body is too large."),
            ErrorCode::MethodNotAllowed => ("这个地址不支持该请求方法。", "This address does not accept this method."),
            ErrorCode::Timeout => ("处理超时，请稍后再试。", "The request took too long; try again shortly."),
            ErrorCode::Unavailable => {
                ("服务暂时不可用，请稍后再试。", "The service is briefly unavailable; try again shortly.")
            }
            ErrorCode::Internal => ("系统出错了，我们会尽快处理。", "Something went wrong on our side."),
            ErrorCode::CsrfFailed => (
                "页面已过期或来源不明，请刷新页面后重新提交。",
                "This form has expired or did not come from this site; reload the page and submit again.",
            ),
            ErrorCode::Unauthenticated => ("请先登录。", "Please sign in."),
            ErrorCode::SessionExpired => ("登录已超时，请重新登录。", "Your session has ended; please sign in again."),
            ErrorCode::BadCredentials => ("账号或密码错误。", "Wrong login or password."),
            ErrorCode::AccountLocked => (
                "登录失败次数过多，账号已暂时锁定，请稍后再试。",
                "Too many failed sign-ins: the account is locked for a while.",
            ),
            ErrorCode::TooManyAttempts => ("尝试次数过多，请稍后再试。", "Too many attempts; try again later."),
            ErrorCode::AccountDisabled => {
                ("账号已停用，请联系社区工作人员。", "This account is disabled; contact the community staff.")
            }
            ErrorCode::RegistrationPending => (
                "您的注册正在等待社区工作人员核实，核实通过后才能登录。",
                "Your registration is waiting for the community staff to verify it; you can sign in once they have.",
            ),
            ErrorCode::Forbidden => (
                "您的账号没有权限做这件事。如需开通，请联系系统管理员。",
                "Your account may not do this. Ask the system admin if you need to.",
            ),
            ErrorCode::InvalidToken => ("接口令牌无效或已撤销。", "The API token is unknown or revoked."),
            ErrorCode::InsufficientScope => ("接口令牌没有这项权限。", "The API token lacks the scope this needs."),
            ErrorCode::SecondFactorRequired => {
                ("请输入身份验证器 App 上的 6 位动态码。", "Enter the 6-digit code from your authenticator app.")
            }
            ErrorCode::WrongCode => (
                "动态码不对或已过期，请输入 App 上最新的 6 位数字。",
                "Wrong or expired code; enter the newest 6 digits from the app.",
            ),
            ErrorCode::PasswordChangeRequired => (
                "请先修改初始密码（/account/password），然后才能继续使用。",
                "Change your initial password (/account/password) before anything else.",
            ),
            ErrorCode::SecondFactorEnrolmentRequired => (
                "请先开启两步验证（/account/totp），然后才能继续使用。",
                "Turn on two-step sign-in (/account/totp) before anything else.",
            ),
            ErrorCode::CrossSiteRequest => (
                "请求来自其他网站或不是 JSON，已拒绝。",
                "Refused: the request came from another site, or was not sent as JSON.",
            ),
            ErrorCode::Busy => (
                "服务器正忙（同时处理的照片、表格或导出已达上限），请稍等几秒再试。",
                "The server is busy with as many photos, sheets or exports as it takes at once; try again in a few seconds.",
            ),
            ErrorCode::JobRunning => (
                "您已有一项导出或导入正在进行，请等它完成后再开始新的。",
                "You already have an export or import running; wait for it to finish before starting another.",
            ),
            ErrorCode::Conflict => (
                "这条记录已经存在，可能刚被别人添加；请刷新后查看。",
                "This already exists, perhaps just added by someone else; reload and check.",
            ),
        };
        match lang {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }

    /// The code a bare error status stands for.
    pub fn for_status(status: StatusCode) -> ErrorCode {
        match status {
            StatusCode::NOT_FOUND => ErrorCode::NotFound,
            StatusCode::METHOD_NOT_ALLOWED => ErrorCode::MethodNotAllowed,
            StatusCode::PAYLOAD_TOO_LARGE => ErrorCode::BodyTooLarge,
            StatusCode::UNSUPPORTED_MEDIA_TYPE => ErrorCode::UnsupportedMediaType,
            StatusCode::REQUEST_TIMEOUT | StatusCode::GATEWAY_TIMEOUT => ErrorCode::Timeout,
            StatusCode::SERVICE_UNAVAILABLE => ErrorCode::Unavailable,
            StatusCode::CONFLICT => ErrorCode::Conflict,
            s if s.is_client_error() => ErrorCode::InvalidInput,
            _ => ErrorCode::Internal,
        }
    }
}

/// An error a handler returns; rendered by [`crate::web::error_page::render`].
#[derive(Debug, Clone)]
pub struct WebError {
    /// The machine code.
    pub code: ErrorCode,
    /// The field at fault, when one is.
    pub field: Option<&'static str>,
    /// Specific words on what was wrong (English, for developers).
    pub detail: Option<String>,
    /// Why the app refused the input: worded as the detail, in the
    /// request's language, when the response is rendered.
    pub reason: Option<Reason>,
}

impl WebError {
    /// An error with just a code.
    pub fn new(code: ErrorCode) -> WebError {
        WebError { code, field: None, detail: None, reason: None }
    }

    /// Input refused for a reason the app or the domain names.
    pub fn refused(field: &'static str, reason: Reason) -> WebError {
        WebError { code: ErrorCode::InvalidInput, field: Some(field), detail: None, reason: Some(reason) }
    }

    /// The detail in a language: the reason's words, or the words given.
    pub fn detail_in(&self, lang: Lang) -> Option<String> {
        self.reason.as_ref().map(|r| lang.refusal(r)).or_else(|| self.detail.clone()).map(bounded)
    }
}

impl From<ErrorCode> for WebError {
    fn from(code: ErrorCode) -> Self {
        WebError::new(code)
    }
}

impl From<app::Error> for WebError {
    fn from(e: app::Error) -> Self {
        match e {
            app::Error::RegionNotFound => WebError::new(ErrorCode::RegionNotFound),
            app::Error::NotFound(_) => WebError::new(ErrorCode::NotFound),
            app::Error::Forbidden => WebError::new(ErrorCode::Forbidden),
            app::Error::TooMany => WebError::new(ErrorCode::TooManyAttempts),
            app::Error::Busy(what) => {
                tracing::warn!(what, "busy: refused with 503");
                WebError::new(ErrorCode::Busy)
            }
            app::Error::Invalid { field, reason } => WebError::refused(field, reason),
            app::Error::Store(linli_store::Error::Conflict { constraint }) => {
                // A unique key said no: someone else (or a double click) was first.
                tracing::info!(%constraint, "duplicate refused");
                WebError::new(ErrorCode::Conflict)
            }
            app::Error::Store(linli_store::Error::Driver(sqlx::Error::PoolTimedOut)) => {
                tracing::warn!("database pool exhausted");
                WebError::new(ErrorCode::Unavailable)
            }
            app::Error::Store(e) => {
                tracing::error!(error = %e, "database error");
                WebError::new(ErrorCode::Internal)
            }
            app::Error::Files(e) => {
                tracing::error!(error = %e, "file storage error");
                WebError::new(ErrorCode::Internal)
            }
        }
    }
}

impl From<JsonRejection> for WebError {
    fn from(r: JsonRejection) -> Self {
        let code = match r.status() {
            StatusCode::PAYLOAD_TOO_LARGE => ErrorCode::BodyTooLarge,
            StatusCode::UNSUPPORTED_MEDIA_TYPE => ErrorCode::UnsupportedMediaType,
            _ => ErrorCode::InvalidJson,
        };
        WebError { code, field: None, detail: Some(r.body_text()), reason: None }
    }
}

/// Seconds a client is told to wait when the server is busy.
pub const RETRY_AFTER_SECS: u32 = 5;

/// Tells the client when to try again (a 503 or 429 of a busy server).
pub fn retry_after(mut res: Response) -> Response {
    res.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(RETRY_AFTER_SECS));
    res
}

impl IntoResponse for WebError {
    fn into_response(self) -> Response {
        let busy = matches!(self.code, ErrorCode::Busy | ErrorCode::JobRunning);
        let mut res = self.code.status().into_response();
        res.extensions_mut().insert(self);
        if busy { retry_after(res) } else { res }
    }
}

/// Marks an error response whose body a handler has written itself
/// (such as `/readyz`), so that [`crate::web::error_page::render`] leaves it alone.
#[derive(Debug, Clone, Copy)]
pub struct OwnBody;

/// The JSON error body.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ErrorBody {
    /// Stable machine code, e.g. `region_not_found`.
    pub code: &'static str,
    /// What happened, in the request's language (Chinese by default).
    pub message: &'static str,
    /// The field at fault, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<&'static str>,
    /// Specific words on what was wrong, if any: why the input was refused,
    /// in the request's language (Chinese by default).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
}

/// What an error says back, at most [`DETAIL_MAX`] characters: a refusal
/// may quote what was sent, and a stranger may send a megabyte.
pub fn bounded(text: String) -> String {
    if text.chars().count() <= DETAIL_MAX {
        return text;
    }
    let mut cut: String = text.chars().take(DETAIL_MAX).collect();
    cut.push('…');
    cut
}

/// The longest detail an error gives.
pub const DETAIL_MAX: usize = 300;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_busy_server_says_when_to_try_again() {
        let res = WebError::from(app::Error::Busy("photos")).into_response();
        assert_eq!(res.status(), StatusCode::SERVICE_UNAVAILABLE);
        assert_eq!(res.headers()[header::RETRY_AFTER], "5");
        let res = WebError::new(ErrorCode::JobRunning).into_response();
        assert_eq!(
            (res.status(), &res.headers()[header::RETRY_AFTER]),
            (StatusCode::TOO_MANY_REQUESTS, &"5".parse().unwrap())
        );
    }

    #[test]
    fn a_duplicate_from_any_area_is_a_conflict_and_a_missing_region_is_typed() {
        let dup = app::Error::Store(linli_store::Error::Conflict { constraint: "region.code".into() });
        let e = WebError::from(dup);
        assert_eq!((e.code.status().as_u16(), e.code.as_str()), (409, "conflict"));
        assert_eq!(WebError::from(app::Error::RegionNotFound).code, ErrorCode::RegionNotFound);
        assert_eq!(WebError::from(app::Error::NotFound("bill")).code, ErrorCode::NotFound);
    }

    #[test]
    fn a_refusal_is_worded_in_the_language_asked_for() {
        let e = WebError::from(app::Error::invalid("grid", Reason::GridOutsideCommunity));
        assert_eq!((e.code, e.field), (ErrorCode::InvalidInput, Some("grid")));
        assert_eq!(e.detail_in(Lang::Zh).as_deref(), Some("网格代码应以社区代码开头"));
        assert_eq!(e.detail_in(Lang::En).as_deref(), Some("A grid code starts with its community's code"));
        assert_eq!(WebError::new(ErrorCode::InvalidJson).detail_in(Lang::En), None);
    }

    #[test]
    fn every_code_has_both_languages_and_an_error_status() {
        let all = [
            ErrorCode::NotFound,
            ErrorCode::RegionNotFound,
            ErrorCode::InvalidRegionCode,
            ErrorCode::InvalidInput,
            ErrorCode::InvalidJson,
            ErrorCode::UnsupportedMediaType,
            ErrorCode::BodyTooLarge,
            ErrorCode::MethodNotAllowed,
            ErrorCode::Timeout,
            ErrorCode::Unavailable,
            ErrorCode::Internal,
            ErrorCode::CsrfFailed,
            ErrorCode::Unauthenticated,
            ErrorCode::SessionExpired,
            ErrorCode::BadCredentials,
            ErrorCode::AccountLocked,
            ErrorCode::TooManyAttempts,
            ErrorCode::AccountDisabled,
            ErrorCode::RegistrationPending,
            ErrorCode::Forbidden,
            ErrorCode::InvalidToken,
            ErrorCode::InsufficientScope,
            ErrorCode::SecondFactorRequired,
            ErrorCode::WrongCode,
            ErrorCode::PasswordChangeRequired,
            ErrorCode::SecondFactorEnrolmentRequired,
            ErrorCode::CrossSiteRequest,
            ErrorCode::Busy,
            ErrorCode::JobRunning,
            ErrorCode::Conflict,
        ];
        let mut codes = std::collections::HashSet::new();
        for c in all {
            assert!(c.status().as_u16() >= 400);
            assert_ne!(c.message(Lang::Zh), c.message(Lang::En));
            assert!(c.message(Lang::Zh).chars().any(|ch| ('\u{4e00}'..='\u{9fff}').contains(&ch)));
            assert!(codes.insert(c.as_str()), "duplicate code {}", c.as_str());
        }
    }

    #[test]
    fn bare_statuses_map_to_codes() {
        assert_eq!(ErrorCode::for_status(StatusCode::NOT_FOUND), ErrorCode::NotFound);
        assert_eq!(ErrorCode::for_status(StatusCode::PAYLOAD_TOO_LARGE), ErrorCode::BodyTooLarge);
        assert_eq!(ErrorCode::for_status(StatusCode::IM_A_TEAPOT), ErrorCode::InvalidInput);
        assert_eq!(ErrorCode::for_status(StatusCode::BAD_GATEWAY), ErrorCode::Internal);
    }
}

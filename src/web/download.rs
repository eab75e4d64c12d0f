//! A file sent to download, named `linli-<name>-<time>.<ext>`.

use axum::response::{IntoResponse, Response};

/// A file to download, named `linli-{name}-{time}.{ext}`.
pub fn attachment(content_type: &str, name: &str, ext: &str, body: Vec<u8>) -> Response {
    // The local time people see on the pages, not UTC.
    let stamp = crate::domain::time::zone().local(chrono::Utc::now()).format("%Y%m%d-%H%M%S");
    (
        [
            (axum::http::header::CONTENT_TYPE, content_type.to_owned()),
            (axum::http::header::CONTENT_DISPOSITION, format!("attachment; filename=\"linli-{name}-{stamp}.{ext}\"")),
        ],
        body,
    )
        .into_response()
}

/// A file to download under the name it was given (RFC 6266: an ASCII
/// fallback, and the real name percent-encoded as UTF-8 in `filename*`).
pub fn named(content_type: &str, name: &str, body: Vec<u8>) -> Response {
    let mut encoded = String::new();
    for b in name.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            encoded.push(b as char);
        } else {
            encoded.push_str(&format!("%{b:02X}"));
        }
    }
    let ext = name
        .rsplit('.')
        .next()
        .filter(|e| e.len() <= 5 && e.bytes().all(|b| b.is_ascii_alphanumeric()))
        .unwrap_or("bin");
    (
        [
            (axum::http::header::CONTENT_TYPE, content_type.to_owned()),
            (
                axum::http::header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"linli-file.{ext}\"; filename*=UTF-8''{encoded}"),
            ),
            (axum::http::header::CACHE_CONTROL, "private, max-age=3600".to_owned()),
        ],
        body,
    )
        .into_response()
}

/// A stored recording played in the page: the whole file, or the one byte
/// range a player asks for (`Range: bytes=a-b`, `a-`, `-n`) so that it may
/// seek. A range that does not fit is a 416.
pub fn ranged(headers: &axum::http::HeaderMap, content_type: &str, body: Vec<u8>) -> Response {
    use axum::http::{StatusCode, header};
    let len = body.len();
    let cache = (header::CACHE_CONTROL, "private, max-age=3600".to_owned());
    let asked = headers.get(header::RANGE).and_then(|v| v.to_str().ok()).and_then(|v| v.strip_prefix("bytes="));
    let Some(asked) = asked.filter(|a| !a.contains(',')) else {
        return (
            [(header::CONTENT_TYPE, content_type.to_owned()), (header::ACCEPT_RANGES, "bytes".to_owned()), cache],
            body,
        )
            .into_response();
    };
    let range = match asked.trim().split_once('-') {
        Some(("", n)) => n.parse::<usize>().ok().filter(|n| *n > 0).map(|n| (len.saturating_sub(n), len - 1)),
        Some((a, "")) => a.parse::<usize>().ok().map(|a| (a, len.saturating_sub(1))),
        Some((a, b)) => match (a.parse::<usize>(), b.parse::<usize>()) {
            (Ok(a), Ok(b)) if a <= b => Some((a, b.min(len.saturating_sub(1)))),
            _ => None,
        },
        None => None,
    };
    match range {
        Some((a, b)) if a < len && a <= b => (
            StatusCode::PARTIAL_CONTENT,
            [
                (header::CONTENT_TYPE, content_type.to_owned()),
                (header::ACCEPT_RANGES, "bytes".to_owned()),
                (header::CONTENT_RANGE, format!("bytes {a}-{b}/{len}")),
                cache,
            ],
            body[a..=b].to_vec(),
        )
            .into_response(),
        _ => (StatusCode::RANGE_NOT_SATISFIABLE, [(header::CONTENT_RANGE, format!("bytes */{len}"))]).into_response(),
    }
}

#[cfg(test)]
mod tests {
    use axum::http::{HeaderMap, StatusCode, header};

    use super::ranged;

    fn asked(range: &str) -> (StatusCode, Option<String>) {
        let mut h = HeaderMap::new();
        h.insert(header::RANGE, range.parse().unwrap());
        let r = ranged(&h, "audio/mpeg", (0u8..100).collect());
        (r.status(), r.headers().get(header::CONTENT_RANGE).map(|v| v.to_str().unwrap().to_owned()))
    }

    #[test]
    fn a_player_gets_the_range_it_asks_for() {
        assert_eq!(asked("bytes=0-9"), (StatusCode::PARTIAL_CONTENT, Some("bytes 0-9/100".into())));
        assert_eq!(asked("bytes=90-"), (StatusCode::PARTIAL_CONTENT, Some("bytes 90-99/100".into())));
        assert_eq!(asked("bytes=-5"), (StatusCode::PARTIAL_CONTENT, Some("bytes 95-99/100".into())));
        assert_eq!(asked("bytes=50-500"), (StatusCode::PARTIAL_CONTENT, Some("bytes 50-99/100".into())));
        assert_eq!(asked("bytes=100-"), (StatusCode::RANGE_NOT_SATISFIABLE, Some("bytes */100".into())));
        assert_eq!(asked("bytes=9-3").0, StatusCode::RANGE_NOT_SATISFIABLE);
        assert_eq!(asked("bytes=0-1,5-6").0, StatusCode::OK, "several ranges: the whole file");
        assert_eq!(ranged(&HeaderMap::new(), "audio/mpeg", vec![1, 2]).status(), StatusCode::OK);
    }
}

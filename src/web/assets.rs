//! Styles, icons and scripts, embedded in the binary and served under names
//! that carry a hash of their content, so browsers may cache them forever.

use std::sync::LazyLock;

use axum::extract::Path;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};

use super::error::{ErrorCode, WebError};

struct Asset {
    name: &'static str,
    url: String,
    bytes: &'static [u8],
    mime: &'static str,
}

macro_rules! asset {
    ($name:literal, $mime:literal) => {
        ($name, include_bytes!(concat!("../../assets/", $name)).as_slice(), $mime)
    };
}

static ASSETS: LazyLock<Vec<Asset>> = LazyLock::new(|| {
    [
        asset!("app.css", "text/css; charset=utf-8"),
        asset!("icon.svg", "image/svg+xml"),
        asset!("receipt.css", "text/css; charset=utf-8"),
        asset!("print.js", "text/javascript; charset=utf-8"),
        asset!("report.js", "text/javascript; charset=utf-8"),
        asset!("screen.js", "text/javascript; charset=utf-8"),
        asset!("study.js", "text/javascript; charset=utf-8"),
        asset!("reader.js", "text/javascript; charset=utf-8"),
        // epub.js 0.3.93 (BSD-2-Clause, see vendor/epub.LICENSE), from npm.
        asset!("vendor/epub.min.js", "text/javascript; charset=utf-8"),
    ]
    .into_iter()
    .map(|(name, bytes, mime)| {
        let (stem, ext) = name.rsplit_once('.').expect("asset names have an extension");
        // A vendored file is served flat (vendor/x.js: /assets/vendor-x.HASH.js).
        let url = format!("/assets/{}.{:010x}.{ext}", stem.replace('/', "-"), fnv1a(bytes) & 0xff_ffff_ffff);
        Asset { name, url, bytes, mime }
    })
    .collect()
});

/// FNV-1a: a stable content hash, enough to tell versions apart.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, b| (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3))
}

/// The versioned URL of an asset, e.g. `/assets/app.3fa2c1b9d0.css`.
pub fn url(name: &str) -> &'static str {
    ASSETS.iter().find(|a| a.name == name).map(|a| a.url.as_str()).unwrap_or("/assets/missing")
}

/// `GET /assets/{file}`: only current versions are served.
pub async fn serve(Path(file): Path<String>) -> Response {
    let wanted = format!("/assets/{file}");
    match ASSETS.iter().find(|a| a.url == wanted) {
        Some(a) => (
            [
                (header::CONTENT_TYPE, HeaderValue::from_static(a.mime)),
                (header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=31536000, immutable")),
            ],
            a.bytes,
        )
            .into_response(),
        None => WebError::new(ErrorCode::NotFound).into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_carry_a_content_hash() {
        let u = url("app.css");
        assert!(u.starts_with("/assets/app.") && u.ends_with(".css") && u.len() == "/assets/app.0123456789.css".len());
        assert_ne!(fnv1a(b"a"), fnv1a(b"b"));
        assert_eq!(url("nope.css"), "/assets/missing");
    }
}

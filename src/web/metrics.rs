//! Prometheus metrics: requests and latency per route, database pool use.
//! A small registry of our own: a read lock and a few atomic adds per request.

use std::collections::HashMap;
use std::fmt::Write;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, RwLock};
use std::time::Instant;

use axum::extract::{MatchedPath, Request, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};

use super::AppState;

/// Latency bucket bounds in seconds.
const BUCKETS: [f64; 12] = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 10.0];

#[derive(Default)]
struct Series {
    /// Requests by status code.
    by_status: RwLock<HashMap<u16, AtomicU64>>,
    /// Cumulative-at-render bucket counts (stored per bucket, summed when rendered).
    buckets: [AtomicU64; BUCKETS.len() + 1],
    sum_micros: AtomicU64,
}

/// Request figures keyed by route template, then method. Looked up by
/// `&str`, so the hot path allocates nothing once a series exists.
#[derive(Default)]
pub struct Metrics {
    series: RwLock<HashMap<String, HashMap<String, Arc<Series>>>>,
}

impl Metrics {
    fn series(&self, method: &str, route: &str) -> Arc<Series> {
        if let Some(s) = self.series.read().expect("metrics lock").get(route).and_then(|m| m.get(method)) {
            return s.clone();
        }
        let mut map = self.series.write().expect("metrics lock");
        map.entry(route.to_owned()).or_default().entry(method.to_owned()).or_default().clone()
    }

    /// Every series as ((method, route), series), sorted.
    fn sorted(&self) -> Vec<((String, String), Arc<Series>)> {
        let map = self.series.read().expect("metrics lock");
        let mut all: Vec<_> = map
            .iter()
            .flat_map(|(route, by_method)| by_method.iter().map(|(m, s)| ((m.clone(), route.clone()), s.clone())))
            .collect();
        all.sort_by(|a, b| a.0.cmp(&b.0));
        all
    }

    fn observe(&self, method: &str, route: &str, status: u16, secs: f64) {
        let s = self.series(method, route);
        let idx = BUCKETS.iter().position(|b| secs <= *b).unwrap_or(BUCKETS.len());
        s.buckets[idx].fetch_add(1, Ordering::Relaxed);
        s.sum_micros.fetch_add((secs * 1e6) as u64, Ordering::Relaxed);
        if let Some(c) = s.by_status.read().expect("metrics lock").get(&status) {
            c.fetch_add(1, Ordering::Relaxed);
            return;
        }
        s.by_status.write().expect("metrics lock").entry(status).or_default().fetch_add(1, Ordering::Relaxed);
    }

    /// The Prometheus text exposition.
    pub fn render(&self, pool: linli_store::PoolStats, backend: &str, uptime: u64) -> String {
        let mut out = String::with_capacity(4096);
        let _ = writeln!(out, "# HELP linli_build_info Version of the running binary.");
        let _ = writeln!(out, "# TYPE linli_build_info gauge");
        let _ = writeln!(out, "linli_build_info{{version=\"{}\",database=\"{backend}\"}} 1", env!("CARGO_PKG_VERSION"));
        let _ = writeln!(out, "# HELP linli_uptime_seconds Seconds since the process started serving.");
        let _ = writeln!(out, "# TYPE linli_uptime_seconds gauge");
        let _ = writeln!(out, "linli_uptime_seconds {uptime}");
        let series = self.sorted();
        let _ = writeln!(out, "# HELP linli_http_requests_total HTTP requests by route and status.");
        let _ = writeln!(out, "# TYPE linli_http_requests_total counter");
        for ((method, route), s) in &series {
            let by_status = s.by_status.read().expect("metrics lock");
            let mut statuses: Vec<_> = by_status.iter().collect();
            statuses.sort_by_key(|(k, _)| **k);
            for (status, n) in statuses {
                let _ = writeln!(
                    out,
                    "linli_http_requests_total{{method=\"{method}\",route=\"{route}\",status=\"{status}\"}} {}",
                    n.load(Ordering::Relaxed)
                );
            }
        }
        let _ = writeln!(out, "# HELP linli_http_request_duration_seconds Time to answer, by route.");
        let _ = writeln!(out, "# TYPE linli_http_request_duration_seconds histogram");
        for ((method, route), s) in &series {
            let labels = format!("method=\"{method}\",route=\"{route}\"");
            let mut cumulative = 0;
            for (i, bound) in BUCKETS.iter().enumerate() {
                cumulative += s.buckets[i].load(Ordering::Relaxed);
                let _ =
                    writeln!(out, "linli_http_request_duration_seconds_bucket{{{labels},le=\"{bound}\"}} {cumulative}");
            }
            cumulative += s.buckets[BUCKETS.len()].load(Ordering::Relaxed);
            let _ = writeln!(out, "linli_http_request_duration_seconds_bucket{{{labels},le=\"+Inf\"}} {cumulative}");
            let sum = s.sum_micros.load(Ordering::Relaxed) as f64 / 1e6;
            let _ = writeln!(out, "linli_http_request_duration_seconds_sum{{{labels}}} {sum}");
            let _ = writeln!(out, "linli_http_request_duration_seconds_count{{{labels}}} {cumulative}");
        }
        let _ = writeln!(out, "# HELP linli_db_pool_connections Database connections by state.");
        let _ = writeln!(out, "# TYPE linli_db_pool_connections gauge");
        let _ = writeln!(out, "linli_db_pool_connections{{state=\"idle\"}} {}", pool.idle);
        let _ = writeln!(out, "linli_db_pool_connections{{state=\"in_use\"}} {}", pool.size.saturating_sub(pool.idle));
        let _ = writeln!(out, "# HELP linli_db_pool_max_connections Configured pool ceiling.");
        let _ = writeln!(out, "# TYPE linli_db_pool_max_connections gauge");
        let _ = writeln!(out, "linli_db_pool_max_connections {}", pool.max);
        out
    }
}

impl Metrics {
    /// Starts timing a request under its route template (not the raw path,
    /// so that metric labels stay few).
    pub fn start(req: &Request) -> Timing {
        // MatchedPath and Method are cheap to clone (shared string, small enum).
        Timing {
            route: req.extensions().get::<MatchedPath>().cloned(),
            method: req.method().clone(),
            start: Instant::now(),
        }
    }

    /// Records a finished request.
    pub fn finish(&self, t: Timing, status: u16) {
        let route = t.route.as_ref().map_or("unmatched", |m| m.as_str());
        self.observe(t.method.as_str(), route, status, t.start.elapsed().as_secs_f64());
    }
}

/// A request being timed.
pub struct Timing {
    route: Option<MatchedPath>,
    method: axum::http::Method,
    start: Instant,
}

/// `GET /metrics`.
pub async fn render(State(state): State<AppState>) -> Response {
    let body = state.metrics.render(state.app.pool_stats(), state.app.backend().name(), state.app.uptime_secs());
    ([(header::CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8")], body).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn histogram_is_cumulative_and_counts_match() {
        let m = Metrics::default();
        m.observe("GET", "/healthz", 200, 0.0005);
        m.observe("GET", "/healthz", 200, 0.2);
        m.observe("GET", "/healthz", 503, 20.0);
        let text = m.render(linli_store::PoolStats { size: 3, idle: 1, max: 8 }, "sqlite", 5);
        assert!(text.contains("linli_http_requests_total{method=\"GET\",route=\"/healthz\",status=\"200\"} 2"));
        assert!(text.contains("linli_http_requests_total{method=\"GET\",route=\"/healthz\",status=\"503\"} 1"));
        assert!(text.contains("le=\"0.001\"} 1\n"));
        assert!(text.contains("le=\"0.25\"} 2\n"));
        assert!(text.contains("le=\"+Inf\"} 3\n"));
        assert!(text.contains("linli_http_request_duration_seconds_count{method=\"GET\",route=\"/healthz\"} 3"));
        assert!(text.contains("linli_db_pool_connections{state=\"in_use\"} 2"));
    }
}

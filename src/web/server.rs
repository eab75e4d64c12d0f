//! Serving connections (HTTP/1.1): each request's head must arrive within
//! [`HEAD_TIMEOUT`], so a client that trickles its headers (slowloris)
//! holds a connection for seconds, not for ever; on stop, requests in
//! flight are finished, but the process waits at most [`STOP_WAIT`] for
//! clients that never finish theirs.

use std::future::Future;
use std::time::Duration;

use axum::Router;
use axum::extract::ConnectInfo;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tower::ServiceExt;

/// Longest a client may take to send a request's head (its line and headers).
pub const HEAD_TIMEOUT: Duration = Duration::from_secs(15);

/// Longest a stop waits for the requests in flight.
pub const STOP_WAIT: Duration = Duration::from_secs(20);

/// Serves `router` on `listener` until `shutdown` resolves, then finishes
/// what is in flight (for at most [`STOP_WAIT`]).
pub async fn serve(
    listener: TcpListener,
    router: Router,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let graceful = GracefulShutdown::new();
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(pair) => pair,
                // Out of descriptors and the like: the next accept may work.
                Err(e) => {
                    tracing::warn!(error = %e, "could not accept a connection");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        // Answers go out as soon as they are written (Nagle's algorithm would
        // hold a short answer back waiting for the client's acknowledgement).
        if let Err(e) = stream.set_nodelay(true) {
            tracing::debug!(error = %e, %peer, "could not set TCP_NODELAY");
        }
        let service = router.clone().map_request(move |mut req: hyper::Request<Incoming>| {
            req.extensions_mut().insert(ConnectInfo(peer));
            req.map(axum::body::Body::new)
        });
        let connection = hyper::server::conn::http1::Builder::new()
            .timer(TokioTimer::new())
            .header_read_timeout(HEAD_TIMEOUT)
            .serve_connection(TokioIo::new(stream), TowerToHyperService::new(service));
        let connection = graceful.watch(connection);
        tokio::spawn(async move {
            if let Err(e) = connection.await {
                tracing::debug!(error = %e, %peer, "connection ended");
            }
        });
    }
    drop(listener);
    tokio::select! {
        () = graceful.shutdown() => {}
        () = tokio::time::sleep(STOP_WAIT) => {
            tracing::warn!(wait_secs = STOP_WAIT.as_secs(), "stopped with requests still unfinished");
        }
    }
    Ok(())
}

# Sourced by the bench scripts: the release build, a scratch folder, a free
# port and starting/stopping linli on it. Every request goes to 127.0.0.1.
#   . bench/common.sh [wrk]        with wrk: install wrk if it is missing
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "${1:-}" = wrk ]; then
  command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }
fi
# LINLI_BIN=path measures another build (e.g. an older commit's) instead.
if [ -n "${LINLI_BIN:-}" ]; then BIN=$LINLI_BIN; else cargo build --release --locked -q; BIN=target/release/linli; fi
WORK=$(mktemp -d)
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
BASE="http://127.0.0.1:$PORT"
PID=
trap '[ -n "$PID" ] && kill $PID 2>/dev/null; rm -rf "$WORK"' EXIT
# Waits until linli answers /readyz (a large demo takes a while to build).
wait_ready() { for _ in $(seq 1 3000); do curl -fs "$BASE/readyz" >/dev/null && return; sleep 0.2; done; exit 1; }
# `linli ARGS…` on the port with the scratch data folder, in the background, ready.
start() { $BIN "$@" --listen "127.0.0.1:$PORT" --data-dir "$WORK/data" --log warn >>"$WORK/linli.out" 2>&1 & PID=$!; wait_ready; }
stop() { kill "$PID"; wait "$PID" 2>/dev/null || true; PID=; }

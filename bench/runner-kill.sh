#!/usr/bin/env bash
# Runner death, measured at the target (bench/runner_kill.py): a stack of its own (`sload up`, state in a temp dir,
# supervised so a killed runner comes back for the next kill), the demo target on a free loopback port, then KILLS
# kills (default 10) of the runner generating slice 0 at a random second (3-19 s of 24), alternating an arrival-rate plan (2 slices, 3 runners) and a
# constant-VU plan (3 slices, 4 runners). Each plan also runs once without a kill, for the latency baseline.
# Usage: bench/runner-kill.sh [KILLS]. Stops everything it started, by PID.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
KILLS="${1:-10}"
"$ROOT/sload" validate "$ROOT/examples/demo.yaml" >/dev/null   # installs and builds when needed
CLI="$ROOT/.build/bin/ServerlessLoad.Cli/release/sload.dll"
export SLOAD_STATE_DIR; SLOAD_STATE_DIR="$(mktemp -d)"
PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
dotnet "$CLI" target --port "$PORT" >/dev/null 2>&1 &
TARGET_PID=$!
cleanup() { dotnet "$CLI" down >/dev/null 2>&1 || true; kill "$TARGET_PID" 2>/dev/null || true; [ -n "${KEEP_STATE:-}" ] || rm -rf "$SLOAD_STATE_DIR"; }
trap cleanup EXIT
dotnet "$CLI" up --runners 4
python3 "$ROOT/bench/runner_kill.py" --state "$SLOAD_STATE_DIR" --target "http://127.0.0.1:$PORT" --kills "$KILLS"

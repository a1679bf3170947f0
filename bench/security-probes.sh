#!/usr/bin/env bash
# The API's answers to an attacker's probes (bench/security_probes.py), on a stack of its own (`sload up`, state in a
# temp dir) and the demo target on a free loopback port: keys, content types, Host and CORS, oversized and chunked
# bodies (with the functions host's peak memory under eight concurrent ones), ids, secrets, limits, the allow-list.
# Usage: bench/security-probes.sh. Stops everything it started, by PID.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$ROOT/sload" validate "$ROOT/examples/demo.yaml" >/dev/null   # installs and builds when needed
CLI="$ROOT/.build/bin/ServerlessLoad.Cli/release/sload.dll"
export SLOAD_STATE_DIR; SLOAD_STATE_DIR="$(mktemp -d)"
PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
dotnet "$CLI" target --port "$PORT" >/dev/null 2>&1 &
TARGET_PID=$!
cleanup() { dotnet "$CLI" down >/dev/null 2>&1 || true; kill "$TARGET_PID" 2>/dev/null || true; [ -n "${KEEP_STATE:-}" ] || rm -rf "$SLOAD_STATE_DIR"; }
trap cleanup EXIT
dotnet "$CLI" up --runners 1
python3 "$ROOT/bench/security_probes.py" --state "$SLOAD_STATE_DIR" --target "http://127.0.0.1:$PORT"

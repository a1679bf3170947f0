#!/usr/bin/env bash
# Measures the pipeline's own overhead on Azurite (medians of 5 runs): a stack of its own (state in a temp dir),
# the demo target on a free loopback port, then bench/pipeline_overhead.py. Stops everything it started, by PID.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RUNS="${1:-5}"
"$ROOT/sload" validate "$ROOT/examples/demo.yaml" >/dev/null   # installs and builds when needed
CLI="$ROOT/.build/bin/ServerlessLoad.Cli/release/sload.dll"
export SLOAD_STATE_DIR; SLOAD_STATE_DIR="$(mktemp -d)"
PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
dotnet "$CLI" target --port "$PORT" >/dev/null 2>&1 &
TARGET_PID=$!
cleanup() { dotnet "$CLI" down >/dev/null 2>&1 || true; kill "$TARGET_PID" 2>/dev/null || true; [ -n "${KEEP_STATE:-}" ] || rm -rf "$SLOAD_STATE_DIR"; }
trap cleanup EXIT
dotnet "$CLI" up --runners 2
API="$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["apiUrl"])' "$SLOAD_STATE_DIR/stack.json")"
SLOAD_API_KEY="$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1])).get("apiKey") or "")' "$SLOAD_STATE_DIR/stack.json")" \
  python3 "$ROOT/bench/pipeline_overhead.py" --api "$API" --target "http://127.0.0.1:$PORT" --runs "$RUNS"

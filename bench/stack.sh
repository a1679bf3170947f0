# Shared by the pipeline benchmarks: a local stack of their own (state in a temp dir, never the repository's .sload)
# and the demo target on a free loopback port. Source it; it sets ROOT, CLI, SLOAD_STATE_DIR and defines start_stack,
# start_target and stack_field. Everything it started is stopped on exit, by PID (`sload down` stops the stack's own).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$ROOT/sload" validate "$ROOT/examples/demo.yaml" >/dev/null   # installs and builds (Release) when needed
CLI="$ROOT/.build/bin/ServerlessLoad.Cli/release/sload.dll"
export SLOAD_STATE_DIR; SLOAD_STATE_DIR="$(mktemp -d)"
TARGET_PID=""

stack_cleanup() {
  dotnet "$CLI" down >/dev/null 2>&1 || true
  if [ -n "$TARGET_PID" ]; then kill "$TARGET_PID" 2>/dev/null || true; fi
  [ -n "${KEEP_STATE:-}" ] || rm -rf "$SLOAD_STATE_DIR"
}
trap stack_cleanup EXIT

# sload up with the given options (settings come from the environment: export Sload__... before).
start_stack() { dotnet "$CLI" up "$@"; }

# A field of the stack's stack.json (apiUrl, apiKey, storageConnectionString).
stack_field() { python3 -c 'import json,sys; print(json.load(open(sys.argv[1])).get(sys.argv[2]) or "")' "$SLOAD_STATE_DIR/stack.json" "$1"; }

# The demo target on a free loopback port; sets TARGET_URL.
start_target() {
  local port; port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
  dotnet "$CLI" target --port "$port" >/dev/null 2>&1 &
  TARGET_PID=$!
  TARGET_URL="http://127.0.0.1:$port"
  for _ in $(seq 100); do curl -fs "$TARGET_URL/__stats" >/dev/null 2>&1 && return 0; sleep 0.2; done
  echo "bench: the demo target did not start" >&2; exit 2
}

load_note() { echo "machine load: $(cut -d' ' -f1-3 /proc/loadavg) (1/5/15 min) on $(nproc) cores"; }

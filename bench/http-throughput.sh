#!/usr/bin/env bash
# Requests per second of sload quick (closed model, HTTP/1.1 keep-alive) against wrk and autocannon, all hitting the
# same nginx (one worker on core 0, access log off, a 3-byte static file) from core 1 with 50 connections.
# Runs are interleaved (the tool order rotates every round) and medians are compared: goal sload >= 0.80 x wrk.
#   bench/http-throughput.sh [ROUNDS=5] [SECONDS=10] [CONNECTIONS=50]
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
ROUNDS="${1:-5}"; SECONDS_PER_RUN="${2:-10}"; CONNECTIONS="${3:-50}"
need wrk node npm taskset curl
TOOLS_DIR="${SLOAD_BENCH_TOOLS:-${TMPDIR:-/tmp}/sload-bench-tools}"
AUTOCANNON="$TOOLS_DIR/node_modules/.bin/autocannon"
if [ ! -x "$AUTOCANNON" ]; then
  echo "installing autocannon into $TOOLS_DIR (npm, outside the repository)..." >&2
  npm install --silent --no-audit --no-fund --prefix "$TOOLS_DIR" autocannon >/dev/null
fi
start_nginx
echo "target $TARGET_URL (nginx on core $TARGET_CORE), generators on core $GENERATOR_CORE, $CONNECTIONS connections, ${SECONDS_PER_RUN}s per run"
load_note

run_wrk() { taskset -c "$GENERATOR_CORE" wrk -t1 -c"$CONNECTIONS" -d"${SECONDS_PER_RUN}s" "$TARGET_URL" | awk '/Requests\/sec/ {print $2}'; }
run_autocannon() {
  taskset -c "$GENERATOR_CORE" "$AUTOCANNON" -c "$CONNECTIONS" -d "$SECONDS_PER_RUN" --json "$TARGET_URL" 2>/dev/null \
    | python3 -c 'import sys, json; r=json.load(sys.stdin); print(round(r["requests"]["total"] / r["duration"], 1))'
}
run_sload() { taskset -c "$GENERATOR_CORE" dotnet "$CLI" quick "$TARGET_URL" -c "$CONNECTIONS" -d "${SECONDS_PER_RUN}s" --json | json_field rps; }

taskset -c "$GENERATOR_CORE" wrk -t1 -c"$CONNECTIONS" -d2s "$TARGET_URL" >/dev/null   # warm nginx up
TOOLS=(wrk autocannon sload)
for round in $(seq "$ROUNDS"); do
  for i in 0 1 2; do
    tool="${TOOLS[$(( (round + i) % 3 ))]}"
    rps="$("run_$tool")"
    echo "round $round  $tool  $rps req/s" | tee -a "$WORK/results"
  done
done

echo
for tool in "${TOOLS[@]}"; do
  printf '%-11s median %s req/s over %s runs\n' "$tool" "$(awk -v t="$tool" '$3 == t {print $4}' "$WORK/results" | median)" "$ROUNDS"
done
python3 - "$WORK/results" <<'PY'
import sys, statistics
runs = {}
for line in open(sys.argv[1]):
    parts = line.split()
    runs.setdefault(parts[2], []).append(float(parts[3]))
ratio = statistics.median(runs["sload"]) / statistics.median(runs["wrk"])
print(f"sload / wrk = {ratio:.2f} (goal >= 0.80): {'met' if ratio >= 0.80 else 'NOT met'}")
PY
load_note

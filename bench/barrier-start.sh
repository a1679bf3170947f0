#!/usr/bin/env bash
# The start barrier's cost: ROUNDS runs of a small plan (4 slices, 4 VUs, 5 s) on a stack of its own, each timed from the
# POST to the run's common start, with runners as MODE (pool: long-lived and warm; jobs: a process per queued slice)
# whose start is delayed by COLD_START seconds (Sload__SimulatedColdStartSeconds, as a container's cold start). Also
# checks that no planned second went missing and that the report's count equals what the target served.
# Usage: bench/barrier-start.sh [MODE=jobs] [COLD_START=0] [ROUNDS=3]
source "$(dirname "${BASH_SOURCE[0]}")/stack.sh"
MODE="${1:-jobs}"; COLD_START="${2:-0}"; ROUNDS="${3:-3}"
export Sload__SimulatedColdStartSeconds="$COLD_START"
start_target
start_stack --runner-mode "$MODE" --runners 4
load_note
echo "runners: $MODE, simulated cold start ${COLD_START} s"
SLOAD_API_KEY="$(stack_field apiKey)" python3 "$ROOT/bench/scale_runs.py" --api "$(stack_field apiUrl)" --target "$TARGET_URL" \
  --logs "$SLOAD_STATE_DIR/logs" --runs "$ROUNDS" --slices 4 --vus 4 --duration 5s --think 10ms

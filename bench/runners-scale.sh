#!/usr/bin/env bash
# Many runner processes on one machine: a stack of its own whose scaler starts one runner job (process) per queued
# slice, up to RUNNERS at once, and ROUNDS runs of a light plan (RUNNERS slices, one VU each with 100 ms think time, for
# DURATION) against the demo target. Per run: POST to start, runner processes used, and whether the report's request
# count equals what the target served (goal: exactly, every run).
# Usage: bench/runners-scale.sh [RUNNERS=16] [ROUNDS=3] [DURATION=20s]
source "$(dirname "${BASH_SOURCE[0]}")/stack.sh"
RUNNERS="${1:-16}"; ROUNDS="${2:-3}"; DURATION="${3:-20s}"
start_target
start_stack --runner-mode jobs --runners "$RUNNERS"
load_note
SLOAD_API_KEY="$(stack_field apiKey)" python3 "$ROOT/bench/scale_runs.py" --api "$(stack_field apiUrl)" --target "$TARGET_URL" \
  --logs "$SLOAD_STATE_DIR/logs" --runs "$ROUNDS" --slices "$RUNNERS" --vus "$RUNNERS" --duration "$DURATION" --think 100ms

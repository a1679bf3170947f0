#!/usr/bin/env bash
# Planning at scale: a stack of its own without runners, then ROUNDS plans of SLICES slices, each timed from the POST to
# every slice message in the slices queue; prints each round with the CPU time Azurite and the functions host spent
# until then, and the median (goal: 1,000 slices in at most 5 s).
# Usage: bench/plan-scale.sh [SLICES=1000] [ROUNDS=3]
source "$(dirname "${BASH_SOURCE[0]}")/stack.sh"
SLICES="${1:-1000}"; ROUNDS="${2:-3}"
dotnet build "$ROOT/bench/ServerlessLoad.Bench/ServerlessLoad.Bench.csproj" -c Release --nologo -v quiet -clp:ErrorsOnly >/dev/null
BENCH="$ROOT/.build/bin/ServerlessLoad.Bench/release/ServerlessLoad.Bench.dll"
# No runner takes a slice, so the barrier would start the run at its readiness timeout: far beyond the bench.
export Sload__ReadinessTimeoutSeconds=3600
start_stack --runners 0
load_note
PIDS_OF="$(python3 -c 'import json,sys; print(",".join(p["role"] + ":" + str(p["pid"]) for p in json.load(open(sys.argv[1]))["processes"] if p["role"] in ("azurite", "functions")))' "$SLOAD_STATE_DIR/stack.json")"
SLOAD_BENCH_PIDS="$PIDS_OF" SLOAD_API_KEY="$(stack_field apiKey)" dotnet "$BENCH" plan "$(stack_field storageConnectionString)" "$(stack_field apiUrl)" "$SLICES" "$ROUNDS"

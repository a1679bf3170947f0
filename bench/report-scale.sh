#!/usr/bin/env bash
# Report at scale: SLICES x SECONDS x NAMES synthetic per-second rows in Azurite (on disk, own ports), then the real
# BuildReport builds the report (PNG charts included) REPORTS times (one process each, same rows); prints, per build, the wall time, the
# peak resident memory of the report process, the per-stage times and the machine's load.
# Usage: bench/report-scale.sh [SLICES=100] [SECONDS=600] [NAMES=10] [REPORTS=1]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SLICES="${1:-100}"; SECONDS_="${2:-600}"; NAMES="${3:-10}"; REPORTS="${4:-1}"
[ -f "$ROOT/node_modules/azurite/dist/src/azurite.js" ] || "$ROOT/sload" validate "$ROOT/examples/demo.yaml" >/dev/null   # installs what is missing
dotnet build "$ROOT/bench/ServerlessLoad.Bench/ServerlessLoad.Bench.csproj" -c Release --nologo -v quiet -clp:ErrorsOnly >/dev/null
BENCH="$ROOT/.build/bin/ServerlessLoad.Bench/release/ServerlessLoad.Bench.dll"
DATA="$(mktemp -d)"
read -r BLOB QUEUE TABLE < <(python3 -c 'import socket
socks=[socket.socket() for _ in range(3)]
for s in socks: s.bind(("127.0.0.1",0))
print(*[s.getsockname()[1] for s in socks])')
node "$ROOT/node_modules/azurite/dist/src/azurite.js" --blobHost 127.0.0.1 --queueHost 127.0.0.1 --tableHost 127.0.0.1 \
  --blobPort "$BLOB" --queuePort "$QUEUE" --tablePort "$TABLE" --location "$DATA" --disableTelemetry --skipApiVersionCheck --silent >/dev/null 2>&1 &
AZURITE=$!
trap 'kill $AZURITE 2>/dev/null || true; rm -rf "$DATA"' EXIT
for _ in $(seq 1 120); do   # Azurite starts in about a second, much later on a busy machine
  (exec 3<>"/dev/tcp/127.0.0.1/$TABLE") 2>/dev/null && break
  sleep 0.5
done
KEY="Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="
CONN="DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=$KEY;BlobEndpoint=http://127.0.0.1:$BLOB/devstoreaccount1;QueueEndpoint=http://127.0.0.1:$QUEUE/devstoreaccount1;TableEndpoint=http://127.0.0.1:$TABLE/devstoreaccount1"
RUN="bench-$(date +%s)"
dotnet "$BENCH" generate "$CONN" "$RUN" "$SLICES" "$SECONDS_" "$NAMES"
for i in $(seq 1 "$REPORTS"); do
  echo "report $i of $REPORTS, before it: $(uptime | sed 's/.*load/load/')"
  /usr/bin/time -f "report process: %e s wall, %U s user, %S s sys, max RSS %M KB" dotnet "$BENCH" report "$CONN" "$RUN"
done

#!/usr/bin/env bash
# Report at scale: SLICES x SECONDS x NAMES synthetic per-second rows in Azurite (on disk, own ports), then the real
# BuildReport builds the report; prints wall time and peak working set of the report process.
# Usage: bench/report-scale.sh [SLICES=100] [SECONDS=600] [NAMES=10]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SLICES="${1:-100}"; SECONDS_="${2:-600}"; NAMES="${3:-10}"
"$ROOT/sload" validate "$ROOT/examples/demo.yaml" >/dev/null   # installs and builds when needed
BENCH="$ROOT/.build/bin/ServerlessLoad.Bench/release/ServerlessLoad.Bench.dll"
DATA="$(mktemp -d)"
read -r BLOB QUEUE TABLE < <(python3 -c 'import socket
ports=[]
socks=[socket.socket() for _ in range(3)]
for s in socks: s.bind(("127.0.0.1",0))
print(*[s.getsockname()[1] for s in socks])')
node "$ROOT/node_modules/azurite/dist/src/azurite.js" --blobHost 127.0.0.1 --queueHost 127.0.0.1 --tableHost 127.0.0.1 \
  --blobPort "$BLOB" --queuePort "$QUEUE" --tablePort "$TABLE" --location "$DATA" --disableTelemetry --silent >/dev/null 2>&1 &
AZURITE=$!
trap 'kill $AZURITE 2>/dev/null || true; rm -rf "$DATA"' EXIT
sleep 3
KEY="Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="
CONN="DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=$KEY;BlobEndpoint=http://127.0.0.1:$BLOB/devstoreaccount1;QueueEndpoint=http://127.0.0.1:$QUEUE/devstoreaccount1;TableEndpoint=http://127.0.0.1:$TABLE/devstoreaccount1"
RUN="bench-$(date +%s)"
dotnet "$BENCH" generate "$CONN" "$RUN" "$SLICES" "$SECONDS_" "$NAMES"
/usr/bin/time -f "report process: %e s wall, max RSS %M KB" dotnet "$BENCH" report "$CONN" "$RUN"

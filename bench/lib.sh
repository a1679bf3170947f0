# Shared by the engine benchmarks: the built CLI, a pinned nginx serving a small static file, free ports, cleanup.
# Source it; it sets ROOT, CLI, WORK (a temp dir removed on exit) and defines start_nginx / median / need.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$ROOT/sload" validate "$ROOT/examples/demo.yaml" >/dev/null   # installs and builds (Release) when needed
CLI="$ROOT/.build/bin/ServerlessLoad.Cli/release/sload.dll"
WORK="$(mktemp -d -t sload-bench-XXXXXX)"
TARGET_CORE="${TARGET_CORE:-0}"
GENERATOR_CORE="${GENERATOR_CORE:-1}"
PIDS=()

cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT

need() {
  for tool in "$@"; do
    command -v "$tool" >/dev/null 2>&1 || { echo "bench: '$tool' is missing (apt-get install -y nginx-light wrk nghttp2-client openssl)" >&2; exit 2; }
  done
}

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# nginx, one worker pinned to TARGET_CORE, access log off, serving $WORK/www/small (3 bytes). Sets TARGET_URL.
start_nginx() {
  need nginx taskset
  local port; port="$(free_port)"
  mkdir -p "$WORK/www" "$WORK/nginx"
  printf 'ok!' > "$WORK/www/small"
  chmod 755 "$WORK" "$WORK/www" && chmod 644 "$WORK/www/small"   # nginx workers run as an unprivileged user
  cat > "$WORK/nginx/nginx.conf" <<CONF
worker_processes 1;
daemon off;
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx/error.log warn;
events { worker_connections 8192; }
http {
  access_log off;
  keepalive_requests 10000000;
  keepalive_timeout 300s;
  server {
    listen 127.0.0.1:$port backlog=4096;
    root $WORK/www;
    location / { }
  }
}
CONF
  taskset -c "$TARGET_CORE" nginx -p "$WORK/nginx" -c "$WORK/nginx/nginx.conf" 2>"$WORK/nginx/stderr.log" &
  PIDS+=($!)
  TARGET_URL="http://127.0.0.1:$port/small"
  for _ in $(seq 50); do curl -fs "$TARGET_URL" >/dev/null 2>&1 && return 0; sleep 0.1; done
  echo "bench: nginx did not start:" >&2; cat "$WORK/nginx/stderr.log" "$WORK/nginx/error.log" >&2 2>/dev/null; exit 2
}

# One nginx worker pinned to TARGET_CORE, access log off, serving $WORK/www/small (3 bytes) three ways: HTTP/1.1 in
# clear text, TLS with HTTP/1.1 and HTTP/2 by ALPN (a self-signed P-256 certificate made now in $WORK, never kept), and
# HTTP/2 in clear text (prior knowledge). Sets HTTP_URL, HTTPS_URL, H2C_URL and STATUS_URL (nginx's request counter:
# served_since).
start_nginx_tls() {
  need nginx taskset openssl
  local http_port https_port h2c_port
  http_port="$(free_port)"; https_port="$(free_port)"; h2c_port="$(free_port)"
  mkdir -p "$WORK/www" "$WORK/nginx"
  printf 'ok!' > "$WORK/www/small"
  chmod 755 "$WORK" "$WORK/www" && chmod 644 "$WORK/www/small"
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 1 -subj /CN=localhost \
    -addext subjectAltName=DNS:localhost,IP:127.0.0.1 -keyout "$WORK/nginx/key.pem" -out "$WORK/nginx/cert.pem" 2>/dev/null
  cat > "$WORK/nginx/nginx.conf" <<CONF
worker_processes 1;
daemon off;
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx/error.log warn;
events { worker_connections 8192; }
http {
  access_log off;
  keepalive_requests 10000000;
  keepalive_timeout 300s;
  http2_max_concurrent_streams 128;
  ssl_certificate $WORK/nginx/cert.pem;
  ssl_certificate_key $WORK/nginx/key.pem;
  ssl_session_cache shared:SSL:1m;
  ssl_protocols TLSv1.2 TLSv1.3;
  server {
    listen 127.0.0.1:$http_port backlog=4096;
    listen 127.0.0.1:$https_port ssl http2 backlog=4096;
    listen 127.0.0.1:$h2c_port http2 backlog=4096;
    root $WORK/www;
    location / { }
    location = /nginx-status { stub_status; }
  }
}
CONF
  taskset -c "$TARGET_CORE" nginx -p "$WORK/nginx" -c "$WORK/nginx/nginx.conf" 2>"$WORK/nginx/stderr.log" &
  PIDS+=($!)
  STATUS_URL="http://127.0.0.1:$http_port/nginx-status"
  HTTP_URL="http://127.0.0.1:$http_port/small"
  HTTPS_URL="https://localhost:$https_port/small"
  H2C_URL="http://127.0.0.1:$h2c_port/small"
  for _ in $(seq 50); do curl -fsk "$HTTPS_URL" >/dev/null 2>&1 && curl -fs "$HTTP_URL" >/dev/null 2>&1 && return 0; sleep 0.1; done
  echo "bench: nginx did not start:" >&2; cat "$WORK/nginx/stderr.log" "$WORK/nginx/error.log" >&2 2>/dev/null; exit 2
}

# nginx's count of requests handled so far (stub_status; the status request itself included).
nginx_requests() { curl -fs "$STATUS_URL" | awk 'NR == 3 {print $3}'; }

# The median of the numbers on stdin.
median() { python3 -c 'import sys, statistics; v=[float(x) for x in sys.stdin.read().split()]; print(f"{statistics.median(v):.1f}" if v else "nan")'; }

# A JSON field of the object on stdin, by a dotted path.
json_field() { python3 -c 'import sys, json; v=json.load(sys.stdin)
for k in sys.argv[1].split("."): v=v[k]
print(v)' "$1"; }

load_note() { echo "machine load: $(cut -d' ' -f1-3 /proc/loadavg) (1/5/15 min) on $(nproc) cores"; }

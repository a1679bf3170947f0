#!/usr/bin/env python3
"""Probes the API as an attacker would and prints a Markdown table of what it answered.

Usage: security_probes.py --state STATE_DIR --target http://127.0.0.1:PORT
"""
import argparse
import http.client
import json
import os
import stat
import threading
import time
import urllib.parse

SECRETS = {
    "bearer": "Bearer s3cr3t-bearer-token-0001",
    "apikey": "s3cr3t-api-key-0002",
    "custom": "s3cr3t-custom-auth-0003",
    "password": "s3cr3t-password-0004",
    "query": "s3cr3t-query-key-0005",
}


class Api:
    def __init__(self, state_dir):
        state = json.load(open(os.path.join(state_dir, "stack.json")))
        url = urllib.parse.urlsplit(state["apiUrl"])
        self.host, self.port = url.hostname, url.port
        self.key = state.get("apiKey")
        self.functions_pid = next(p["pid"] for p in state["processes"] if p["role"] == "functions")

    def send(self, method, path, body=None, headers=None, key=True, chunked=False, host=None):
        connection = http.client.HTTPConnection(self.host, self.port, timeout=120)
        all_headers = dict(headers or {})
        if key and self.key:
            all_headers.setdefault("x-functions-key", self.key)
        if host is not None:
            connection.putrequest(method, path, skip_host=True)
            connection.putheader("Host", host)
        else:
            connection.putrequest(method, path)
        for name, value in all_headers.items():
            connection.putheader(name, value)
        data = body.encode() if isinstance(body, str) else body
        if data is not None and chunked:
            connection.putheader("Transfer-Encoding", "chunked")
            connection.endheaders()
            try:
                for i in range(0, len(data), 1 << 20):
                    piece = data[i:i + (1 << 20)]
                    connection.send(f"{len(piece):x}\r\n".encode() + piece + b"\r\n")
                connection.send(b"0\r\n\r\n")
            except (BrokenPipeError, ConnectionResetError):
                pass  # the server answered and closed before the whole body was sent
        else:
            if data is not None:
                connection.putheader("Content-Length", str(len(data)))
            connection.endheaders(data)
        response = connection.getresponse()
        payload = response.read()
        connection.close()
        return response.status, dict(response.getheaders()), payload


def plan(target, extra=""):
    return f"""name: probe
target: {target}
scenarios:
  - name: s
    vus: 1
    duration: 1s
    requests:
      - name: r
        path: /fast
{extra}"""


def peak_rss_mb(pid):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return 0.0


def rss_mb(pid):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--state", required=True)
    parser.add_argument("--target", required=True)
    args = parser.parse_args()
    api = Api(args.state)
    yaml = {"Content-Type": "application/yaml"}
    rows = []

    def probe(name, answer, ok):
        rows.append((name, answer, "yes" if ok else "NO"))
        print(f"| {name} | {answer} | {'yes' if ok else 'NO'} |", flush=True)

    print("| probe | answer now | as the issue asks |")
    print("|---|---|---|")
    s, h, b = api.send("POST", "/api/runs", plan(args.target), yaml, key=False)
    probe("POST /api/runs without a key", f"{s}, {len(b)} byte body", s == 401 and len(b) == 0)
    s, h, b = api.send("POST", "/api/runs", plan(args.target), {**yaml, "x-functions-key": "wrong"})
    probe("POST /api/runs with a wrong key", f"{s}, {len(b)} byte body", s == 401 and len(b) == 0)
    s, h, b = api.send("GET", "/api/runs?code=" + (api.key or ""), key=False)
    probe("GET /api/runs with ?code=", f"{s}", s == 200)
    s, h, b = api.send("GET", "/healthz", key=False)
    probe("GET /healthz without a key", f"{s} {b.decode()[:40]!r}", s == 200)
    for name, path in [("DELETE /api/plans/x", "/api/plans/x"), ("POST /api/runs/x/report/rebuild", "/api/runs/x/report/rebuild"), ("GET /api/runs/x/artifacts.zip", "/api/runs/x/artifacts.zip")]:
        s, h, b = api.send(name.split()[0], path, key=False)
        probe(f"{name} without a key", f"{s}", s == 401)
    s, h, b = api.send("POST", "/api/runs", plan(args.target), {"Content-Type": "text/plain"})
    probe("YAML plan sent as text/plain", f"{s}", s == 415)
    s, h, b = api.send("POST", "/api/runs", "plan=x", {"Content-Type": "application/x-www-form-urlencoded"})
    probe("form post (what a web page can send)", f"{s}", s == 415)
    s, h, b = api.send("GET", "/api/runs", host="attacker.example")
    probe("Host: attacker.example (DNS rebinding)", f"{s}", s == 400)
    s, h, b = api.send("OPTIONS", "/api/runs", headers={"Origin": "http://attacker.example", "Access-Control-Request-Method": "POST"})
    allow = h.get("Access-Control-Allow-Origin")
    probe("CORS preflight from another origin", f"{s}, Access-Control-Allow-Origin: {allow}", allow is None)
    s, h, b = api.send("GET", "/api/runs")
    probe("security headers on an API answer", f"nosniff={h.get('X-Content-Type-Options')}, CSP={h.get('Content-Security-Policy')!r}",
          h.get("X-Content-Type-Options") == "nosniff" and bool(h.get("Content-Security-Policy")))

    # Secrets: a stored plan with literal credentials, then read back.
    secret_plan = f"""name: probe-secrets
target: {args.target}
scenarios:
  - name: s
    vus: 1
    duration: 1s
    requests:
      - name: r
        path: /fast?api_key={SECRETS['query']}
        method: POST
        headers:
          Authorization: {SECRETS['bearer']}
          X-Api-Key: {SECRETS['apikey']}
          X-Custom-Auth: {SECRETS['custom']}
        json:
          user: alice
          password: {SECRETS['password']}
"""
    s, h, b = api.send("PUT", "/api/plans/probe-secrets", secret_plan, yaml)
    s2, h2, b2 = api.send("GET", "/api/plans/probe-secrets")
    leaked = [k for k, v in SECRETS.items() if v.split()[-1] in b2.decode(errors="replace")]
    probe("stored plan with 5 literal credentials, read back", f"PUT {s}, GET {s2}, leaked: {leaked or 'none'}", s2 == 200 and not leaked)

    # Sizes: chunked bodies are capped while reading.
    big = ("# " + "x" * 1022 + "\n") * (20 * 1024)
    s, h, b = api.send("POST", "/api/runs", big, yaml, chunked=True)
    probe("20 MB chunked plan", f"{s}, {len(b)} byte body", s == 413 and len(b) < 4096)
    s, h, b = api.send("POST", "/api/runs", big + big[: 15 << 20], yaml, chunked=True)
    probe("35 MB chunked plan", f"{s}, {len(b)} byte body", s == 413 and len(b) < 4096)
    s, h, b = api.send("POST", "/api/schedules", big, {"Content-Type": "application/json"}, chunked=True)
    probe("20 MB chunked schedule", f"{s}, {len(b)} byte body", s == 413 and len(b) < 4096)
    before = rss_mb(api.functions_pid)
    huge = big + big[: 8 << 20]
    results = []
    threads = [threading.Thread(target=lambda: results.append(api.send("POST", "/api/runs", huge, yaml, chunked=True)[0])) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    time.sleep(1)
    probe("8 concurrent 28 MB chunked plans", f"{sorted(set(results))}; host RSS {before:.0f} MB before, peak (VmHWM) {peak_rss_mb(api.functions_pid):.0f} MB",
          set(results) == {413} and peak_rss_mb(api.functions_pid) < 500)

    # Ids and names at the edge.
    s, h, b = api.send("POST", "/api/runs", plan(args.target), {**yaml, "X-Sload-Baseline": "../../x"})
    probe("baseline ../../x (header)", f"{s}", s == 400)
    s, h, b = api.send("POST", "/api/runs", plan(args.target, "baseline: ../../x\n"), yaml)
    probe("baseline ../../x (plan)", f"{s}", s == 400)
    for label, raw in [("#", "a%23b"), ("?", "a%3Fb"), ("\\", "a%5Cb"), ("CR/LF", "a%0D%0Ab"), ("5,000 characters", "a" * 5000)]:
        s, h, b = api.send("GET", f"/api/runs/{raw}")
        probe(f"run id with {label}", f"{s}", s in (400, 404))
    for label, raw in [("ending in .", "report."), ("ending in /", "charts/")]:
        s, h, b = api.send("GET", f"/api/runs/20260101-000000-abcdef/artifacts/{raw}")
        probe(f"artifact name {label}", f"{s}", s in (400, 404))
    s, h, b = api.send("POST", "/api/schedules", json.dumps({"name": "a\u0000b", "cron": "0 0 2 * * *", "plan": plan(args.target)}), {"Content-Type": "application/json"})
    probe("schedule name with NUL", f"{s}", s == 400)
    s, h, b = api.send("POST", "/api/runs", plan(args.target), {**yaml, "X-Sload-Trigger": "<script>" + "x" * 31000})
    probe("X-Sload-Trigger of 31,000 characters with <script>", f"{s}", s == 400)
    s, h, b = api.send("POST", "/api/schedules", json.dumps({"name": "every-second", "cron": "* * * * * *", "plan": plan(args.target)}), {"Content-Type": "application/json"})
    probe("cron firing every second", f"{s}", s == 400)
    scenarios = "".join(f"  - name: s{i}\n    vus: 100000\n    duration: 24h\n    requests:\n      - name: r\n        path: /fast\n" for i in range(1000))
    s, h, b = api.send("POST", "/api/runs", f"name: huge\ntarget: {args.target}\nscenarios:\n{scenarios}", yaml)
    probe("1,000 scenarios x 100,000 VUs x 24 h", f"{s}", s == 400)
    s, h, b = api.send("POST", "/api/runs", plan(args.target).replace("        path: /fast\n", "        path: /fast\n        headers:\n          Host: attacker.example\n"), yaml)
    probe("plan overriding Host to a name outside the allow-list", f"{s}", s == 400)
    s, h, b = api.send("POST", "/api/runs", plan("http://169.254.169.254"), yaml)
    probe("target 169.254.169.254 (metadata address)", f"{s}", s == 400)

    # A finished run: cancel's 409 body, headers on artifacts.
    s, h, b = api.send("POST", "/api/runs", plan(args.target), yaml)
    run_id = json.loads(b)["runId"]
    for _ in range(120):
        status = json.loads(api.send("GET", f"/api/runs/{run_id}")[2])["status"]
        if status in ("passed", "failed", "errored", "cancelled"):
            break
        time.sleep(0.5)
    s, h, b = api.send("POST", f"/api/runs/{run_id}/cancel")
    keys = json.loads(b, object_pairs_hook=lambda pairs: [k for k, _ in pairs]) if b else []
    probe("cancel of a finished run", f"{s}, keys {keys}", s == 409 and len(keys) == len(set(keys)))
    s, h, b = api.send("GET", f"/api/runs/{run_id}/artifacts/report.md")
    probe("artifact download headers", f"{s}, nosniff={h.get('X-Content-Type-Options')}", s == 200 and h.get("X-Content-Type-Options") == "nosniff")

    mode_dir = stat.S_IMODE(os.stat(args.state).st_mode)
    mode_file = stat.S_IMODE(os.stat(os.path.join(args.state, "stack.json")).st_mode)
    probe("state directory and stack.json modes", f"{mode_dir:o} and {mode_file:o}", mode_dir == 0o700 and mode_file == 0o600)
    failed = [r for r in rows if r[2] != "yes"]
    print(f"\n{len(rows) - len(failed)} of {len(rows)} probes answered as the issue asks")


if __name__ == "__main__":
    main()

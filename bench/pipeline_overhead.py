#!/usr/bin/env python3
"""Pipeline overhead on a running local stack: POST -> first request at the target, last slice done -> report published.

Usage: SLOAD_API_KEY=... pipeline_overhead.py --api http://127.0.0.1:7071 --target http://127.0.0.1:5081 [--runs 5]
(the key is the stack's apiKey in stack.json; it goes in the x-functions-key header, never in a URL or argument)
"""
import argparse
import json
import os
import statistics
import time
import urllib.request
from datetime import datetime


def call(method, url, body=None, content_type="application/yaml", key=None):
    data = body.encode() if body is not None else None
    request = urllib.request.Request(url, data=data, method=method)
    if key:
        request.add_header("x-functions-key", key)
    if data is not None:
        request.add_header("Content-Type", content_type)
    with urllib.request.urlopen(request, timeout=30) as response:
        text = response.read().decode()
        return json.loads(text) if text else None


def stamp(text):
    return datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--api", required=True)
    parser.add_argument("--target", required=True)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    key = os.environ.get("SLOAD_API_KEY", "")
    plan = f"""name: overhead
slices: 4
target: {args.target}
scenarios:
  - name: s
    vus: 4
    duration: 3s
    requests:
      - name: fast
        path: /fast
"""
    to_first, to_report = [], []
    for i in range(args.runs):
        call("POST", f"{args.target}/__stats/reset")
        posted = time.time()
        run_id = call("POST", f"{args.api}/api/runs", plan, key=key)["runId"]
        while True:
            run = call("GET", f"{args.api}/api/runs/{run_id}", key=key)
            if run["status"] in ("passed", "failed", "errored", "cancelled"):
                break
            time.sleep(0.2)
        stats = call("GET", f"{args.target}/__stats")
        first = stamp(stats["firstAt"]) - posted
        report = stamp(run["reportedAt"]) - stamp(run["endedAt"])
        to_first.append(first)
        to_report.append(report)
        print(f"run {i + 1}: {run_id} {run['status']:7} requests {run['requests']:6}  "
              f"POST->first request {first:5.2f} s   last slice done->report published {report:5.2f} s", flush=True)
        time.sleep(1)
    print(f"median of {args.runs}: POST->first request {statistics.median(to_first):.2f} s (goal <= 2 s); "
          f"last slice done->report published {statistics.median(to_report):.2f} s (goal <= 3 s)")


if __name__ == "__main__":
    main()

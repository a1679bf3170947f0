#!/usr/bin/env python3
"""Runs plans on a running local stack and reconciles them with the target: per run, the time from the POST to the
run's common start (the start barrier), whether every planned second was measured, how many runner processes ran its
slices, and whether the report's request count equals what the target served; then the medians.

Usage: SLOAD_API_KEY=... scale_runs.py --api URL --target URL --logs DIR [--runs 3] [--slices 16] [--vus 16]
       [--duration 20s] [--think 100ms]
(the key is the stack's apiKey in stack.json; it goes in the x-functions-key header, never in a URL or argument)
"""
import argparse
import glob
import json
import os
import re
import statistics
import sys
import time
import urllib.request
from datetime import datetime


def call(method, url, body=None, key=None):
    data = body.encode() if body is not None else None
    request = urllib.request.Request(url, data=data, method=method)
    if key:
        request.add_header("x-functions-key", key)
    if data is not None:
        request.add_header("Content-Type", "application/yaml")
    with urllib.request.urlopen(request, timeout=60) as response:
        text = response.read().decode()
        return json.loads(text) if text else None


def stamp(text):
    return datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp()


def runners_of(logs, run_id):
    """Runner processes (host:pid) whose logs say they ran a slice of the run."""
    pattern = re.compile(r"of " + re.escape(run_id) + r" \(attempt \d+\) on (\S+):")
    found = set()
    for path in glob.glob(os.path.join(logs, "**", "*.log"), recursive=True):
        with open(path, errors="replace") as log:
            found.update(m.group(1) for m in pattern.finditer(log.read()))
    return found


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--api", required=True)
    parser.add_argument("--target", required=True)
    parser.add_argument("--logs", required=True)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--slices", type=int, default=16)
    parser.add_argument("--vus", type=int, default=16)
    parser.add_argument("--duration", default="20s")
    parser.add_argument("--think", default="100ms")
    args = parser.parse_args()
    key = os.environ.get("SLOAD_API_KEY", "")
    plan = f"""name: scale-runs
slices: {args.slices}
target: {args.target}
scenarios:
  - name: s
    vus: {args.vus}
    duration: {args.duration}
    thinkTime: {args.think}
    requests:
      - name: fast
        path: /fast
"""
    to_start, reconciled = [], []
    for i in range(args.runs):
        call("POST", f"{args.target}/__stats/reset")
        load = open("/proc/loadavg").read().split()[0]
        posted = time.time()
        run_id = call("POST", f"{args.api}/api/runs", plan, key=key)["runId"]
        while True:
            run = call("GET", f"{args.api}/api/runs/{run_id}", key=key)
            if run["status"] in ("passed", "failed", "errored", "cancelled"):
                break
            time.sleep(0.5)
        report = call("GET", f"{args.api}/api/runs/{run_id}/artifacts/report.json", key=key)
        served = call("GET", f"{args.target}/__stats")["total"]
        requests = report["totals"]["requests"]
        missing = sum(len(s.get("missingSeconds", [])) for s in report["slices"])
        runners = len(runners_of(args.logs, run_id))
        start = stamp(run["startAt"]) - posted if run.get("startAt") else float("nan")
        exact = requests == served and run["requests"] == served
        to_start.append(start)
        reconciled.append(exact)
        print(f"run {i + 1}: {run_id} {run['status']:7} POST->start {start:5.1f} s; {len(report['slices'])} slices on "
              f"{runners} runner processes; report {requests} requests, target served {served}: "
              f"{'equal' if exact else 'DIFFERENT'}; missing second ranges: {missing}; load before {load}", flush=True)
        time.sleep(2)
    print(f"median of {args.runs}: POST->start {statistics.median(to_start):.1f} s; "
          f"report = target in {sum(reconciled)} of {args.runs} runs")
    sys.exit(0 if all(reconciled) else 1)


if __name__ == "__main__":
    main()

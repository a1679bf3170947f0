#!/usr/bin/env python3
"""Kills the runner generating slice 0 of a run, `kill -9`, and measures what the target saw and what the report says.

Per kill: takeover (from the kill to the first response on a connection opened after it: the new attempt's load at
the target), requests the target served against those the report counts, p99 and max latency, dropped arrivals,
missing slice-seconds and the verdict. Each plan also runs once without a kill, for the latency it should have.

Usage: runner_kill.py --state STATE_DIR --target http://127.0.0.1:PORT [--kills 10]
"""
import argparse
import json
import os
import random
import re
import signal
import statistics
import time
import urllib.request
from datetime import datetime

FINAL = ("passed", "failed", "errored", "cancelled")


class Stack:
    def __init__(self, state_dir):
        self.state_dir = state_dir
        state = json.load(open(os.path.join(state_dir, "stack.json")))
        self.api = state["apiUrl"]
        self.key = state.get("apiKey")

    def call(self, method, path, body=None):
        request = urllib.request.Request(self.api + path, data=body.encode() if body else None, method=method)
        if body:
            request.add_header("Content-Type", "application/yaml")
        if self.key:
            request.add_header("x-functions-key", self.key)
        with urllib.request.urlopen(request, timeout=30) as response:
            text = response.read().decode()
            return json.loads(text) if text else None

    def runners(self):
        """Supervised runner processes and their states, from stack.json."""
        state = json.load(open(os.path.join(self.state_dir, "stack.json")))
        return [p for p in state["processes"] if p["role"].startswith("runner-")]

    def holder(self, run_id, index, attempt=1):
        """PID of the runner that logged taking slice `index` of `run_id` (runner ids are machine:pid)."""
        pattern = re.compile(rf"Slice {index}/\d+ of {re.escape(run_id)} \(attempt {attempt}\) on [^:\s]+:(\d+)")
        logs = os.path.join(self.state_dir, "logs")
        for name in os.listdir(logs):
            if name.startswith("runner-") and name.endswith(".log"):
                with open(os.path.join(logs, name), errors="replace") as log:
                    for match in pattern.finditer(log.read()):
                        return int(match.group(1))
        return None


def get(url):
    with urllib.request.urlopen(url, timeout=30) as response:
        return json.loads(response.read().decode())


def stamp(text):
    return datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp()


def plans(target):
    arrival = f"""name: kill-arrival-rate
slices: 2
target: {target}
scenarios:
  - name: open
    executor: constant-arrival-rate
    rate: 200
    duration: 24s
    preAllocatedVUs: 40
    requests:
      - name: work
        path: /work?ms=2
"""
    closed = f"""name: kill-constant-vus
slices: 3
target: {target}
scenarios:
  - name: closed
    vus: 12
    duration: 24s
    requests:
      - name: work
        path: /work?ms=20
"""
    return [("arrival-rate", arrival), ("constant-vus", closed)]


def wait_final(stack, run_id, timeout=120):
    deadline = time.time() + timeout
    while time.time() < deadline:
        run = stack.call("GET", f"/api/runs/{run_id}")
        if run["status"] in FINAL:
            return run
        time.sleep(0.3)
    raise SystemExit(f"run {run_id} did not finish within {timeout} s")


def wait_runners(stack, count, timeout=60):
    deadline = time.time() + timeout
    while time.time() < deadline:
        runners = stack.runners()
        if len(runners) == count and all(r["state"] == "running" for r in runners):
            time.sleep(3)  # a restarted runner warms up before it listens
            return
        time.sleep(0.5)
    raise SystemExit("the supervisor did not bring every runner back")


def one_run(stack, target, kind, plan, kill_at):
    urllib.request.urlopen(urllib.request.Request(f"{target}/__stats/reset", method="POST"), timeout=10).close()
    run_id = stack.call("POST", "/api/runs", plan)["runId"]
    killed_at = None
    if kill_at is not None:
        while True:
            run = stack.call("GET", f"/api/runs/{run_id}")
            if run.get("startAt") and time.time() >= stamp(run["startAt"]) + kill_at:
                break
            time.sleep(0.05)
        pid = stack.holder(run_id, 0)
        if pid is None:
            raise SystemExit(f"no runner logged taking slice 0 of {run_id}")
        os.kill(pid, signal.SIGKILL)
        killed_at = time.time()
    run = wait_final(stack, run_id)
    report = stack.call("GET", f"/api/runs/{run_id}/artifacts/report.json")
    served = get(f"{target}/__stats")["total"]
    timeline = get(f"{target}/__stats/timeline")
    takeover = None
    if killed_at is not None:
        later = [stamp(t) for t in timeline["connectionsFirstServed"] if stamp(t) > killed_at]
        takeover = min(later) - killed_at if later else None
    totals = report["totals"]
    missing = (report.get("missingLoad") or {}).get("missingSliceSeconds", 0)
    return {
        "kind": kind if kill_at is None else f"{kind}, kill at {kill_at:.1f} s", "run": run_id, "takeover": takeover, "served": served, "reported": totals["requests"],
        "p99": totals["latencyMs"]["p99"], "max": totals["latencyMs"]["max"],
        "dropped": totals.get("droppedArrivals", 0), "missing": missing, "verdict": run["status"],
    }


def row(r):
    takeover = f"{r['takeover']:.2f}" if r["takeover"] is not None else "-"
    return (f"| {r['kind']} | {takeover} | {r['served']} | {r['reported']} | {r['served'] - r['reported']} | "
            f"{r['p99']:.1f} | {r['max']:.1f} | {r['dropped']} | {r['missing']} | {r['verdict']} |")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--state", required=True)
    parser.add_argument("--target", required=True)
    parser.add_argument("--kills", type=int, default=10)
    args = parser.parse_args()
    stack = Stack(args.state)
    runner_count = len(stack.runners())
    print("| plan | takeover s | served | reported | served - reported | p99 ms | max ms | dropped | missing slice-s | verdict |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    results = []
    for kind, plan in plans(args.target):
        results.append(one_run(stack, args.target, kind + " (no kill)", plan, None))
        print(row(results[-1]), flush=True)
    for i in range(args.kills):
        kind, plan = plans(args.target)[i % 2]
        wait_runners(stack, runner_count)
        results.append(one_run(stack, args.target, kind, plan, round(random.uniform(3.0, 19.0), 1)))
        print(row(results[-1]), flush=True)
    takeovers = [r["takeover"] for r in results if r["takeover"] is not None]
    if takeovers:
        print(f"\ntakeover over {len(takeovers)} kills: median {statistics.median(takeovers):.2f} s, "
              f"max {max(takeovers):.2f} s (goal: both <= 5 s)")


if __name__ == "__main__":
    main()

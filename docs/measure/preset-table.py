#!/usr/bin/env python3
"""Posts a paper preset (or any sweep file) to a running server, waits until its runs end, and prints what the README's
preset tables show: per run its axis values, the steps it trained, the final gradient norm and accuracy, H's outlier
count at init and at the end (the estimate's evidence beside it), and the sweep's wall time from the post to the last
run's end. With data.classes as an axis it adds Spearman's rank correlation between k and the count at the end.

    python3 docs/measure/preset-table.py examples/paper-outliers-vs-classes.json [--server http://localhost:5080]

Standard library only. A measurement tool, not a test: it polls the sweep every few seconds until every run has ended.
"""
import argparse
import json
import sys
import time
import urllib.request
from datetime import datetime

TERMINAL = {"completed", "failed", "cancelled", "diverged"}


def call(server, path, body=None):
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(server + path, data=data, headers={"Content-Type": "application/json"},
                                     method="POST" if body is not None else "GET")
    with urllib.request.urlopen(request, timeout=60) as response:
        return json.load(response)


def when(text):
    return datetime.fromisoformat(text.replace("Z", "+00:00")) if text else None


def count_text(estimate):
    """The count, or "no clear gap" when the estimator says it does not know; its gap statistic beside it."""
    if estimate is None:
        return "·"
    if estimate.get("noClearGap"):
        return "no clear gap"
    text = str(estimate.get("count"))
    if estimate.get("lowerBound"):
        text = "≥ " + text
    statistic = estimate.get("gapStatistic")
    return text if statistic is None else f"{text} ({statistic:.1f})"


def ranks(values):
    order = sorted(range(len(values)), key=lambda i: values[i])
    result = [0.0] * len(values)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and values[order[j + 1]] == values[order[i]]:
            j += 1
        for m in range(i, j + 1):
            result[order[m]] = (i + j) / 2 + 1
        i = j + 1
    return result


def spearman(xs, ys):
    rx, ry = ranks(xs), ranks(ys)
    mx, my = sum(rx) / len(rx), sum(ry) / len(ry)
    sxy = sum((a - mx) * (b - my) for a, b in zip(rx, ry))
    sxx = sum((a - mx) ** 2 for a in rx)
    syy = sum((b - my) ** 2 for b in ry)
    return sxy / (sxx * syy) ** 0.5 if sxx > 0 and syy > 0 else float("nan")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("file")
    parser.add_argument("--server", default="http://localhost:5080")
    parser.add_argument("--poll", type=float, default=5.0, help="seconds between looks at the sweep")
    args = parser.parse_args()

    with open(args.file, encoding="utf-8") as f:
        sweep_spec = json.load(f)
    posted = time.time()
    sweep_id = call(args.server, "/api/sweeps", sweep_spec)["id"]
    print(f"sweep {sweep_id} posted", file=sys.stderr)
    while True:
        sweep = call(args.server, f"/api/sweeps/{sweep_id}")
        ended = sum(1 for r in sweep["runs"] if r["status"] in TERMINAL)
        print(f"\r{ended}/{len(sweep['runs'])} runs ended, {time.time() - posted:.0f} s", end="", file=sys.stderr)
        if ended == len(sweep["runs"]):
            break
        time.sleep(args.poll)
    print(file=sys.stderr)

    axes = [a["path"] for a in sweep["axes"]]
    rows, starts, ends = [], [], []
    for summary in sweep["runs"]:
        run = call(args.server, f"/api/runs/{summary['id']}")
        outliers = call(args.server, f"/api/runs/{summary['id']}/outliers")
        estimates = [e for checkpoint in outliers for e in checkpoint["outliers"]]
        hessian = {e["checkpoint"]: e for e in estimates if e.get("operator") == "hessian"}
        metrics = run.get("latestMetrics") or {}
        starts.append(when(run["createdAt"]))
        ends.append(when(run.get("endedAt")))
        rows.append([*(json.dumps(summary["axes"][p]) for p in axes), run["status"], str(metrics.get("epoch", "·")),
                     f"{metrics.get('gradNorm', float('nan')):.1e}", f"{100 * metrics.get('trainAccuracy', float('nan')):.0f} %",
                     count_text(hessian.get("init")), count_text(hessian.get("end"))])

    header = [*(p.split(".")[-1] for p in axes), "status", "steps", "‖∇L‖ at end", "train acc", "outliers at init",
              "outliers at end"]
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    for row in rows:
        print("| " + " | ".join(row) + " |")
    first_created = min(starts)
    last_end = max(e for e in ends if e is not None)
    print(f"\nwall time from the first run queued to the last run's end: {(last_end - first_created).total_seconds() / 60:.1f} min")
    if "data.classes" in axes:
        pairs = [(r["axes"]["data.classes"], r.get("outliers")) for r in sweep["runs"]]
        pairs = [(k, c) for k, c in pairs if c is not None]
        if len(pairs) >= 2:
            print(f"Spearman(k, count at end) over {len(pairs)} runs with a count: "
                  f"{spearman([k for k, _ in pairs], [c for _, c in pairs]):.2f}")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Prints run.sh's results as a markdown table: per scenario the medians over rounds of nginx and
of proxyserver, and ours/nginx for each figure; where plain YARP ran too, its medians and
ours/yarp; then the ratios the issue sets goals on.

    summarize.py RESULTS.tsv START.tsv
RESULTS rows: scenario side round rps p50_ms p99_ms cpu_us_per_request rss_mb
START rows:   scenario side ms_to_first_proxied_200"""
import statistics
import sys
from collections import defaultdict

FIGURES = ["rps", "p50 ms", "p99 ms", "CPU µs/req", "RSS MB"]

runs = defaultdict(list)
order = []
with open(sys.argv[1]) as results:
    for line in results:
        scenario, side, _round, *values = line.split("\t")
        runs[scenario, side].append([float(v) for v in values])
        if scenario not in order:
            order.append(scenario)
start = {}
with open(sys.argv[2]) as starts:
    for line in starts:
        scenario, side, ms = line.split("\t")
        start[scenario, side] = float(ms)


def median(scenario, side):
    rows = runs[scenario, side]
    return [statistics.median(column) for column in zip(*rows)] + [start.get((scenario, side), float("nan"))]


def cell(value, digits):
    return f"{value:,.{digits}f}"


def ratio(a, b):
    return f"{a / b:.2f}" if b else "n/a"


print("| scenario | proxy | " + " | ".join(FIGURES) + " | start ms |")
print("|---|---|" + "---:|" * (len(FIGURES) + 1))
digits = [0, 2, 2, 1, 0, 0]
medians = {}
for scenario in order:
    nginx, ours = median(scenario, "nginx"), median(scenario, "ours")
    medians[scenario] = (nginx, ours)
    print(f"| {scenario} | nginx | " + " | ".join(cell(v, d) for v, d in zip(nginx, digits)) + " |")
    print(f"| {scenario} | proxyserver | " + " | ".join(cell(v, d) for v, d in zip(ours, digits)) + " |")
    print(f"| {scenario} | **ours/nginx** | " + " | ".join(f"**{ratio(o, n)}**" for o, n in zip(ours, nginx)) + " |")
    if (scenario, "yarp") in runs:
        yarp = median(scenario, "yarp")
        print(f"| {scenario} | plain YARP | " + " | ".join(cell(v, d) for v, d in zip(yarp, digits)) + " |")
        print(f"| {scenario} | **ours/yarp** | " + " | ".join(f"**{ratio(o, y)}**" for o, y in zip(ours, yarp)) + " |")
    if (scenario, "ours-2c") in runs:
        # --two-cores: both proxies on every core, and each one's 2-core figures over its 1-core ones.
        nginx2, ours2 = median(scenario, "nginx-2c"), median(scenario, "ours-2c")
        print(f"| {scenario} | nginx, 2 workers | " + " | ".join(cell(v, d) for v, d in zip(nginx2, digits)) + " |")
        print(f"| {scenario} | proxyserver, 2 cores | " + " | ".join(cell(v, d) for v, d in zip(ours2, digits)) + " |")
        print(f"| {scenario} | **nginx 2c/1c** | " + " | ".join(f"**{ratio(t, o)}**" for t, o in zip(nginx2, nginx)) + " |")
        print(f"| {scenario} | **ours 2c/1c** | " + " | ".join(f"**{ratio(t, o)}**" for t, o in zip(ours2, ours)) + " |")
        print(f"| {scenario} | **ours/nginx, 2 cores** | " + " | ".join(f"**{ratio(o, n)}**" for o, n in zip(ours2, nginx2)) + " |")

print()
lines = []
for scale in ("vhosts", "regex", "hash"):
    if scale in medians and "small" in medians:
        nginx_small, ours_small = medians["small"]
        nginx_scaled, ours_scaled = medians[scale]
        lines.append(f"- {scale} / small: rps proxyserver {ratio(ours_scaled[0], ours_small[0])}, nginx {ratio(nginx_scaled[0], nginx_small[0])};"
                     f" CPU µs/req proxyserver {ratio(ours_scaled[3], ours_small[3])}, nginx {ratio(nginx_scaled[3], nginx_small[3])}")
if "waf-on" in medians and "waf-off" in medians:
    on, off = medians["waf-on"][1], medians["waf-off"][1]
    lines.append(f"- proxyserver WAF on / off: rps {ratio(on[0], off[0])}, CPU µs/req {ratio(on[3], off[3])}")
print("\n".join(lines))

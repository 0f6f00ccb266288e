#!/usr/bin/env python3
"""Reads wrk --latency output on stdin; prints: req/s p50_ms p99_ms avg_ms requests non2xx.
For ONCE runs (stopped after one pass) wrk's own req/s divides by the full -d; run.sh uses connections/avg instead."""
import re, sys
t = sys.stdin.read()
def ms(v, unit): return float(v) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}[unit]
def lat(p):
    m = re.search(rf"^\s+{p}%\s+([\d.]+)(us|ms|s|m)\s*$", t, re.M)
    return ms(*m.groups()) if m else float("nan")
rps = re.search(r"Requests/sec:\s+([\d.]+)", t)
avg = re.search(r"Latency\s+([\d.]+)(us|ms|s|m)", t)
req = re.search(r"(\d+) requests in", t)
bad = re.search(r"Non-2xx or 3xx responses: (\d+)", t)
print(f"{float(rps.group(1)) if rps else float('nan'):.1f} {lat(50):.3f} {lat(99):.3f} {ms(*avg.groups()) if avg else float('nan'):.3f} "
      f"{req.group(1) if req else 0} {bad.group(1) if bad else 0}")

#!/usr/bin/env python3
"""Medians and ratios from bench/out/results.tsv (kind side case run rps p50 p99) into Markdown on stdout."""
import collections, os, statistics, sys
dur = os.environ.get("DURATION", "8s")
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1]) if l.strip() and not l.startswith("#")]
data = collections.defaultdict(list)
for kind, side, case, run, rps, p50, p99 in rows:
    data[(kind, side, case)].append((float(rps), float(p50), float(p99)))
def med(k, i):
    v = [r[i] for r in data.get(k, []) if r[i] == r[i]]
    return statistics.median(v) if v else None
def f(v, d=1): return "—" if v is None else (f"{v:,.{d}f}")
out = []
uncached = ("PostGIS: one pass over the list, req/s = 4 connections / mean latency; FrontlineMaps: tile cache off "
            f"({os.environ['FM_NOCACHE_ARGS']}), wrk -t1 -c4 -d{dur} cycling the list after a warm pass"
            if os.environ.get("FM_NOCACHE_ARGS") else
            "first pass over the list after a restart; req/s = 4 connections / mean latency")
kinds = {"tile_uncached": f"Tiles, uncached ({uncached})",
         "tile_cached": f"Tiles, cached (wrk -t1 -c4 -d{dur} cycling the same list after a warm pass)"}
for kind, title in kinds.items():
    cases = sorted({c for (k, s, c) in data if k == kind}, key=lambda c: int(c[1:]) if c[1:].isdigit() else 0)
    if not cases: continue
    out += [f"### {title}", "", "| zoom | PostGIS req/s | p50 ms | p99 ms | FrontlineMaps req/s | p50 ms | p99 ms | req/s ratio FM/PG | p50 ratio PG/FM | runs |",
            "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for c in cases:
        pg, fm = (kind, "pg", c), (kind, "fm", c)
        r = lambda a, b: "—" if a is None or b is None or b == 0 else (f"{a / b:,.1f}×" if a / b >= 10 else f"{a / b:.2f}×")
        out.append(f"| {c} | {f(med(pg,0))} | {f(med(pg,1),2)} | {f(med(pg,2),2)} | {f(med(fm,0))} | {f(med(fm,1),2)} | {f(med(fm,2),2)} "
                   f"| {r(med(fm,0), med(pg,0))} | {r(med(pg,1), med(fm,1))} | {len(data.get(pg,[]))}/{len(data.get(fm,[]))} |")
    out.append("")
g = [(s, c) for (k, s, c) in data if k == "geojson"]
if g:
    out += ["### GeoJSON snapshot of all 50k villages (sequential, one client; ms per snapshot)", "",
            "| side | median ms | max ms (median over runs) | runs |", "|---|---:|---:|---:|"]
    for s in ("pg", "fm"):
        if ("geojson", s, "all") in data:
            out.append(f"| {'PostGIS' if s == 'pg' else 'FrontlineMaps'} | {f(med(('geojson', s, 'all'), 1))} | {f(med(('geojson', s, 'all'), 2))} | {len(data[('geojson', s, 'all')])} |")
    a, b = med(("geojson", "pg", "all"), 1), med(("geojson", "fm", "all"), 1)
    if a and b: out.append(f"\nratio PostGIS/FrontlineMaps (how many times faster FrontlineMaps is): {a / b:,.2f}×")
    out.append("")
fl = sorted({c for (k, s, c) in data if k == "floor"}, key=lambda c: float(c.rstrip("kB")) * (1000 if c.endswith("k") else 1))
if fl:
    out += [f"### Kestrel floor (fixed bytes, wrk -t1 -c4 -d{dur})", "", "| body | req/s | p50 ms | p99 ms | runs |", "|---|---:|---:|---:|---:|"]
    for c in fl:
        k = ("floor", "kestrel", c)
        out.append(f"| {c} | {f(med(k,0))} | {f(med(k,1),3)} | {f(med(k,2),3)} | {len(data[k])} |")
    out.append("")
print("\n".join(out))

#!/usr/bin/env python3
"""Times full GeoJSON snapshots of every village, sequentially, one client: the median milliseconds per snapshot.

usage: geojson_bench.py SIDE BASE_URL DATES_FILE N   (SIDE pg: GET /geojson?t=DATE, one response;
       SIDE fm: GET $FM_GEOJSON_PATH (default /collections/places/items?datetime={date}&limit=10000) then &offset=10000,
       20000, ... until a page returns fewer than the limit, or a full-snapshot path when FM_GEOJSON_PATH names one)
Prints: median_ms p_max_ms mean_bytes features_first"""
import http.client, os, re, statistics, sys, time, urllib.parse

side, base, dates_file, n = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
u = urllib.parse.urlparse(base)
dates = [l.strip() for l in open(dates_file) if l.strip()][:n]
conn = http.client.HTTPConnection(u.hostname, u.port, timeout=120)

def get(path):
    conn.request("GET", path)
    r = conn.getresponse()
    body = r.read()
    if r.status != 200:
        raise SystemExit(f"{path}: HTTP {r.status}")
    return body

times, sizes, counts = [], [], []
for date in dates:
    t0 = time.perf_counter(); size = 0; feats = 0
    if side == "pg":
        body = get(f"/geojson?t={date}"); size = len(body); feats = body.count(b'"type" : "Feature"') + body.count(b'"type":"Feature"')
    else:
        tmpl = os.environ.get("FM_GEOJSON_PATH", "/collections/places/items?datetime={date}&limit=10000")
        limit = int(re.search(r"limit=(\d+)", tmpl).group(1)) if "limit=" in tmpl else None
        offset = 0
        for _ in range(1000):  # bounded
            path = tmpl.format(date=date) + (f"&offset={offset}" if limit and offset else "")
            body = get(path); size += len(body)
            m = re.search(rb'"numberReturned"\s*:\s*(\d+)', body)
            got = int(m.group(1)) if m else body.count(b'"Feature"')
            feats += got
            if not limit or got < limit: break
            offset += limit
    times.append((time.perf_counter() - t0) * 1000); sizes.append(size); counts.append(feats)
print(f"{statistics.median(times):.1f} {max(times):.1f} {statistics.mean(sizes):.0f} {counts[0]}")

#!/usr/bin/env python3
"""Decodes pairs of MVT tiles with ogrinfo and compares them: feature count per layer, and the faction of every village.

usage: compare_tiles.py DIR   (DIR holds pg_Z_X_Y_DATE.mvt and fm_Z_X_Y_DATE.mvt pairs)
Villages are the Point layer; a village is named by its 'id'/'place'/'place_id' field (digits kept: v123 -> 123) or, failing
that, its MVT feature id; its faction by a 'faction'/'controller'/'holder' field (digits kept: F3 -> 3)."""
import os, re, subprocess, sys

def decode(path, z, x, y):
    out = subprocess.run(["ogrinfo", "-ro", "-al", "-geom=NO", "-oo", f"Z={z}", "-oo", f"X={x}", "-oo", f"Y={y}", path],
                         capture_output=True, text=True).stdout
    layers, layer, geom, feat = {}, None, None, None
    for line in out.splitlines():
        m = re.match(r"Layer name: (.+)", line)
        if m:
            layer = m.group(1).strip(); layers[layer] = {"geom": None, "features": []}; continue
        m = re.match(r"Geometry: (.+)", line)
        if m and layer: layers[layer]["geom"] = m.group(1).strip(); continue
        if re.match(r"OGRFeature\(", line):
            feat = {}; layers[layer]["features"].append(feat); continue
        m = re.match(r"\s+(\w+) \(\w+\) = (.*)", line)
        if m and feat is not None: feat[m.group(1)] = m.group(2).strip()
    return layers

def digits(v):
    d = re.sub(r"\D", "", v or "")
    return int(d) if d else None

def villages(layers):
    for name, l in layers.items():
        if l["geom"] and "Point" in l["geom"]:
            res = {}
            for f in l["features"]:
                key = next((f[k] for k in ("id", "place", "place_id") if k in f), f.get("mvt_id"))
                fac = next((f[k] for k in ("faction", "controller", "holder") if k in f), None)
                res[digits(key)] = digits(fac)
            return name, res
    return None, {}

def main(d):
    pairs = sorted(f[3:] for f in os.listdir(d) if f.startswith("pg_") and os.path.exists(os.path.join(d, "fm_" + f[3:])))
    total_bad = 0
    print(f"{'tile':<28} {'PostGIS layers: features':<44} {'FrontlineMaps layers: features':<44} villages same faction")
    for p in pairs:
        z, x, y, date = p[:-4].split("_")
        a = decode(os.path.join(d, "pg_" + p), z, x, y)
        b = decode(os.path.join(d, "fm_" + p), z, x, y)
        la = ", ".join(f"{k} {len(v['features'])}" for k, v in a.items())
        lb = ", ".join(f"{k} {len(v['features'])}" for k, v in b.items())
        _, va = villages(a); _, vb = villages(b)
        same = sum(1 for k, v in va.items() if vb.get(k) == v)
        # PostGIS has no row for a village before its first event; FrontlineMaps may show it with no controller.
        unheld = sum(1 for k, v in vb.items() if k not in va and v is None)
        only_a = len(set(va) - set(vb)); only_b = len(set(vb) - set(va)) - unheld
        bad = len(va) - same + only_b
        total_bad += bad
        print(f"{z}/{x}/{y} {date:<14} {la:<44} {lb:<44} {same}/{len(va)}"
              + (f"  (missing in FM {only_a}, extra in FM {only_b})" if only_a or only_b else "")
              + (f"  (+{unheld} without controller in FM, none in PostGIS)" if unheld else ""))
    print(f"compared {len(pairs)} tiles: {'all villages agree' if total_bad == 0 else f'{total_bad} village mismatches'}")
    return 0

if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))

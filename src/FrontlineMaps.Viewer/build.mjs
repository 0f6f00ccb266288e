// Builds the viewer into the server's wwwroot: the bundle and stylesheet (content-hashed, so they can be cached forever),
// MapLibre's worker, the offline basemap made from world-atlas (Natural Earth) and the HTML shell that names them.
// `node build.mjs` builds; `node build.mjs --tests` compiles the node:test unit tests into out/tests instead.
import * as esbuild from "esbuild";
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { feature, mesh } from "topojson-client";
import { gzipSync } from "node:zlib";

const here = dirname(fileURLToPath(import.meta.url));

if (process.argv.includes("--tests")) {
  const testDir = join(here, "tests");
  const entries = readdirSync(testDir).filter(f => f.endsWith(".test.ts")).map(f => join(testDir, f));
  rmSync(join(here, "out", "tests"), { recursive: true, force: true });
  await esbuild.build({
    entryPoints: entries, outdir: join(here, "out", "tests"), bundle: true, platform: "node", format: "esm",
    outExtension: { ".js": ".mjs" }, target: "node20", logLevel: "warning",
  });
  process.exit(0);
}

const wwwroot = join(here, "..", "FrontlineMaps.Server", "wwwroot");
const assets = join(wwwroot, "assets");
rmSync(assets, { recursive: true, force: true });
mkdirSync(assets, { recursive: true });

const hash = bytes => createHash("sha256").update(bytes).digest("hex").slice(0, 10);
/** Writes bytes as assets/NAME-HASH.EXT and returns the public path. */
function emit(name, ext, bytes) {
  const file = `${name}-${hash(bytes)}.${ext}`;
  writeFileSync(join(assets, file), bytes);
  return `/assets/${file}`;
}

// 1. The application bundle (ES module) and its stylesheet (MapLibre's CSS plus ours).
const result = await esbuild.build({
  entryPoints: { viewer: join(here, "src", "main.ts"), style: join(here, "src", "viewer.css") },
  outdir: assets, bundle: true, format: "esm", minify: true, sourcemap: false, target: "es2022",
  entryNames: "[name]-[hash]", metafile: true, logLevel: "warning", legalComments: "linked",
});
const outputs = Object.entries(result.metafile.outputs);
const publicPath = (entry, ext) => {
  const found = outputs.find(([file, meta]) => file.endsWith(ext) && meta.entryPoint?.endsWith(entry));
  if (!found) throw new Error(`esbuild produced no ${ext} for ${entry}`);
  return "/assets/" + found[0].split("/").pop();
};
const script = publicPath("main.ts", ".js");
const style = outputs.find(([file]) => file.endsWith(".css") && file.includes("style-"));
if (!style) throw new Error("esbuild produced no stylesheet");
const stylesheet = "/assets/" + style[0].split("/").pop();

// 2. MapLibre's worker (a self-contained module), under a hashed name the bundle is told at start.
const worker = emit("maplibre-gl-worker", "mjs", readFileSync(join(here, "node_modules", "maplibre-gl", "dist", "maplibre-gl-worker.mjs")));

// 3. The offline basemap: Natural Earth 1:50m land and country borders from world-atlas, coordinates rounded to ~100 m.
const topo = JSON.parse(readFileSync(join(here, "node_modules", "world-atlas", "countries-50m.json"), "utf8"));
const round = value => Array.isArray(value) ? value.map(round) : Math.round(value * 1000) / 1000;
const countries = feature(topo, topo.objects.countries);
const basemap = {
  type: "FeatureCollection",
  features: [
    ...countries.features.map(f => ({ type: "Feature", properties: { kind: "country", name: f.properties?.name ?? "" },
      geometry: { type: f.geometry.type, coordinates: round(f.geometry.coordinates) } })),
    { type: "Feature", properties: { kind: "border" },
      geometry: (g => ({ type: g.type, coordinates: round(g.coordinates) }))(mesh(topo, topo.objects.countries, (a, b) => a !== b)) },
  ],
};
const basemapPath = emit("basemap", "json", Buffer.from(JSON.stringify(basemap)));

// 4. Fonts for map labels (Noto Sans, OFL), drawn by MapLibre from the style's font-faces: no glyph server needed.
const fontDir = join(here, "node_modules", "@fontsource", "noto-sans", "files");
const fonts = {
  latin: emit("noto-sans-latin-400", "woff2", readFileSync(join(fontDir, "noto-sans-latin-400-normal.woff2"))),
  latinExt: emit("noto-sans-latin-ext-400", "woff2", readFileSync(join(fontDir, "noto-sans-latin-ext-400-normal.woff2"))),
};

// 5. The HTML shell. The server fills <!--fm:head--> (oEmbed discovery, configuration) per request.
const manifest = { script, stylesheet, worker, basemap: basemapPath, fonts };
writeFileSync(join(assets, "manifest.json"), JSON.stringify(manifest, null, 2));
const html = readFileSync(join(here, "src", "index.html"), "utf8")
  .replaceAll("%STYLESHEET%", stylesheet).replaceAll("%SCRIPT%", script)
  .replace("%MANIFEST%", JSON.stringify(manifest).replaceAll("<", "\\u003c"));
writeFileSync(join(wwwroot, "viewer.html"), html);
// 6. Precompressed copies the server sends to clients that accept gzip.
for (const file of readdirSync(assets)) {
  if (/\.(js|mjs|css|json|txt)$/.test(file)) writeFileSync(join(assets, file + ".gz"), gzipSync(readFileSync(join(assets, file)), { level: 9 }));
}
console.log(`viewer built: ${script}, ${stylesheet}, ${worker}, ${basemapPath}`);

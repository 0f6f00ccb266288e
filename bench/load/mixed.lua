-- wrk -s mixed.lua: a mixed read/write load on a FrontlineMaps server.
-- Env: TOKEN (an editor's API key, required), WRITE_EVERY (one request in N is a write; default 10).
-- Reads rotate over OGC items, tiles, the timeline and a snapshot; writes POST one claimed change to a rotating place.
-- Non-2xx answers are counted by wrk ("Non-2xx or 3xx responses") and printed per status at the end.
local token = os.getenv("TOKEN")
assert(token, "set TOKEN to an editor's API key")
local every = tonumber(os.getenv("WRITE_EVERY") or "10")
local reads = {
  "/collections/places/items?datetime=2019-12-02&limit=100",
  "/collections/places/items/ejaz-idlib?datetime=2020-06-23",
  "/tiles/2020-12-25/8/155/100.mvt",
  "/tiles/2019-12-02/7/77/50.mvt",
  "/api/timeline",
  "/api/places/ejaz-idlib/history",
  "/collections/changes/items?limit=50",
  "/snapshots/2020-12-25.geojson?layer=places",
}
local places = { "abu-az-zuhur", "abu-qalqal", "ad-daliyah", "ad-dana", "ad-darbasiyah", "ad-dimas", "ad-dumayr", "ad-duraykish",
  "akhtarin", "al-annazah", "al-arimah", "al-asharah", "al-atarib", "al-bahluliyah", "al-bariqiyah" }
local factions = { "SAA", "SDF", "SNA", "HTS", "Turkey" }
local n = 0
local threads = {}
writes, written, errors = 0, 0, 0

function setup(thread)
  table.insert(threads, thread)
end

request = function()
  n = n + 1
  if n % every == 0 then
    local k = n / every
    local body = string.format(
      '{"place":"%s","faction":"%s","valid_from":"2020-%02d-%02d","kind":"capture","status":"claimed","sources":[{"source":"aranews-2015-10-14-aleppo","claimant":"load test"}]}',
      places[k % #places + 1], factions[k % #factions + 1], (k % 12) + 1, (k % 28) + 1)
    return wrk.format("POST", "/api/changes", { ["Authorization"] = "Bearer " .. token, ["Content-Type"] = "application/json" }, body)
  end
  return wrk.format("GET", reads[n % #reads + 1])
end

response = function(status, headers, body)
  if status == 201 then written = written + 1 end
  if status >= 400 then errors = errors + 1 end
end

done = function(summary, latency, requests)
  io.write(string.format("p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms\n",
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
  local w, e = 0, 0
  for _, t in ipairs(threads) do
    w = w + t:get("written")
    e = e + t:get("errors")
  end
  io.write(string.format("writes acknowledged (201): %d, error responses (4xx/5xx): %d\n", w, e))
end

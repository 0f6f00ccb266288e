-- wrk -s wrk_tiles.lua: cycles through the paths listed in the file named by env TILES (one per line), like
-- ../shared/bench/postgis/tiles.lua, which fails under Debian's wrk 4.1.0 (LuaJIT 2.1 reads assert's message, passed
-- on to io.lines, as a read format: "bad argument #1 to '(for generator)' (invalid format)").
-- ONCE=1: one pass over the list, then stop (the "uncached" measurement); up to -c extra requests may be in flight.
local file = os.getenv("TILES")
assert(file, "set TILES to a tile list file")
local paths = {}
for line in io.lines(file) do if #line > 0 then paths[#paths + 1] = line end end
local once = os.getenv("ONCE") == "1"
local i, done = 0, 0
request = function()
  i = i % #paths + 1
  return wrk.format("GET", paths[i])
end
if once then
  response = function(status, headers, body)
    done = done + 1
    if done >= #paths then wrk.thread:stop() end
  end
end

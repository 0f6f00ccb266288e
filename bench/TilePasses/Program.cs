// Encodes the PostGIS benchmark's tiles (../shared/bench/postgis/tiles_all_z{z}.txt, each at its random date) from
// bench/out/bench.sqlite in process, and reports the best of repeated passes per tile: on a shared, noisy machine the
// fastest pass is the one nothing else interrupted, which makes two builds comparable when run one after the other
// (better still under `chrt -f 20`). `--hash FILE` writes a SHA-256 per tile instead, to check that two builds encode
// byte-identical tiles (`cmp` the files), and lists the tiles that carry inferred ground in FILE.inferred. `--max-inferred N`
// sets the largest unknown region drawn as inferred ground (0: none, as before that rule existed).
//
//   dotnet run -c Release --project bench/TilePasses -- [--data bench/out/bench.sqlite] [--zooms 8,10,12] [--seconds 6]
//   dotnet run -c Release --project bench/TilePasses -- --hash tiles.sha256
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using FrontlineMaps.Core.Derivation;
using FrontlineMaps.Core.Encoders.Mvt;
using FrontlineMaps.Core.Storage;
using FrontlineMaps.Core.Timeline;

string Option(string name, string fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
}

var repo = AppContext.BaseDirectory;
while (!File.Exists(Path.Combine(repo, "FrontlineMaps.sln"))) repo = Path.GetDirectoryName(repo.TrimEnd('/'))!;
var data = Option("--data", Path.Combine(repo, "bench", "out", "bench.sqlite"));
var lists = Path.Combine(Path.GetDirectoryName(repo.TrimEnd('/'))!, "shared", "bench", "postgis");
var zooms = Option("--zooms", "8,10,12").Split(',').Select(z => int.Parse(z, CultureInfo.InvariantCulture)).ToArray();
var seconds = double.Parse(Option("--seconds", "6"), CultureInfo.InvariantCulture);
var hashFile = Option("--hash", "");
var maxInferred = int.Parse(Option("--max-inferred", ControlMap.DefaultMaxInferredPlaces.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);
if (!File.Exists(data))
{
    Console.Error.WriteLine($"{data}: no bench store (bench/postgis-setup.sh, then bench/run.sh, make it)");
    return 1;
}

var watch = Stopwatch.StartNew();
var timeline = new ControlTimeline(new SqliteStore(data).Load(), "bench");
var encoder = new VectorTileEncoder(new ControlMap(timeline, maxInferredPlaces: maxInferred));
Console.WriteLine($"loaded {timeline.Places.Length:N0} places, {timeline.Log.Count:N0} records and prepared the encoder in {watch.Elapsed.TotalSeconds:F1} s");

(TileId Tile, DateOnly Date)[] Requests(int z) =>
    File.ReadLines(Path.Combine(lists, $"tiles_all_z{z}.txt")).Where(l => l.StartsWith("/all/", StringComparison.Ordinal)).Select(line =>
    {
        // /all/{z}/{x}/{y}?t=YYYY-MM-DD
        var q = line.IndexOf('?');
        var p = line[5..q].Split('/').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
        return (new TileId(p[0], p[1], p[2]), DateOnly.ParseExact(line[(q + 3)..].Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture));
    }).ToArray();

if (hashFile.Length > 0)
{
    using var output = new StreamWriter(hashFile);
    using var inferred = new StreamWriter(hashFile + ".inferred");
    var withInferred = 0;
    foreach (var z in zooms)
        foreach (var (tile, date) in Requests(z))
            foreach (var layers in new[] { TileLayers.All, TileLayers.Places })
            {
                var bytes = encoder.Encode(tile, date, null, layers);
                var line = $"{tile.Z}/{tile.X}/{tile.Y} {date:yyyy-MM-dd} {layers} {Convert.ToHexString(SHA256.HashData(bytes))}";
                output.WriteLine(line);
                // the territory layer's status value "inferred" (bench place names are v1..v50000)
                if (bytes.AsSpan().IndexOf("inferred"u8) >= 0) { inferred.WriteLine(line); withInferred++; }
            }
    Console.WriteLine($"wrote {hashFile}; {withInferred} tiles carry inferred ground (listed in {hashFile}.inferred)");
    return 0;
}

foreach (var z in zooms)
{
    var requests = Requests(z).Take(z <= 8 ? 25 : 150).ToArray();
    foreach (var (tile, date) in requests) encoder.Encode(tile, date, null, TileLayers.Map); // warm-up (JIT, per-thread buffers)
    var best = double.MaxValue;
    var passes = 0;
    var allocated = GC.GetTotalAllocatedBytes(true);
    var total = Stopwatch.StartNew();
    while (total.Elapsed.TotalSeconds < seconds)
    {
        var start = Stopwatch.GetTimestamp();
        foreach (var (tile, date) in requests) encoder.Encode(tile, date, null, TileLayers.Map);
        best = Math.Min(best, Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        passes++;
    }
    var perTile = (GC.GetTotalAllocatedBytes(true) - allocated) / (double)(passes * requests.Length);
    Console.WriteLine($"z{z}: best pass {best / requests.Length:F3} ms per three-layer tile ({requests.Length} tiles, {passes} passes), " +
                      $"{perTile / 1024:F0} KB allocated per tile");
}
return 0;

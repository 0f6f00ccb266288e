using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using FrontlineMaps.Core.Storage;

namespace FrontlineMaps.Server.Tests.Write;

/// <summary>
/// Hostile input, through real HTTP on Kestrel: more than 10,000 generated malformed requests (paths, query strings, headers, JSON bodies) to every endpoint,
/// with valid and invalid keys of every role. No response may be a 5xx and the store must be exactly as before (every write body
/// carries at least one defect, so any 2xx write would be a bug too). Seeded: a failure names the seed and the request. On the
/// SQLite store and on the PostgreSQL store. Every answer of an operation /api describes must be a status /api lists for it, with
/// one of the media types it lists.
/// </summary>
public class FuzzTests
{
    private const int Requests = 10_500;
    private static readonly string[] Garbage =
    [
        "", " ", "%00", "..", "%2e%2e%2f", "%ZZ", "%C0%AF", "'; DROP TABLE changes;--", "\" OR 1=1 --", "<script>alert(1)</script>",
        "-1", "0", "1e308", "NaN", "Infinity", "99999999999999999999", "2020-02-30", "2020-12-25T25:00Z", "9999-99-99", "0000-00-00",
        "اعجاز", "Ejaz\u0000", "🙂", new string('x', 3000), "null", "true", "[]", "{}", "latest", "2019-12-02", "2020-12-25", "ejaz-idlib",
        "places", "changes", "territory", "frontlines", "factions", "SAA", "16", "17", "65536", "-180,-90,180,90", "1,2,3", "P1D", "../..",
    ];
    private static readonly string[] AsciiGarbage = [.. Garbage.Where(g => g.All(c => c is >= ' ' and <= '~'))];
    private static readonly string[] GetPaths =
    [
        "/", "/conformance", "/api", "/collections", "/collections/{s}", "/collections/{s}/items", "/collections/{s}/items/{s}",
        "/tiles/{s}/{s}/{s}/{s}.mvt", "/tiles/{s}.json", "/collections/map/tiles/WebMercatorQuad/{s}/{s}/{s}", "/api/timeline",
        "/api/diff", "/api/places/{s}/history", "/api/places/{s}", "/api/stats/area", "/api/changes.csv", "/api/changes.atom",
        "/snapshots/{s}.svg", "/snapshots/{s}.geojson", "/health", "/{s}", "/api/{s}",
    ];
    private static readonly string[] QueryKeys =
        ["datetime", "known_at", "bbox", "limit", "offset", "f", "faction", "status", "from", "to", "step", "layer", "width", "at", "id", "x", "zz"];
    private static readonly string[] Roles = ["editor", "reviewer", "admin"];

    [Fact]
    public async Task Ten_thousand_malformed_requests_to_every_endpoint_get_no_5xx_and_change_nothing()
    {
        var dir = Path.Combine(Path.GetTempPath(), "flm-fuzz-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(dir);
        var db = Path.Combine(dir, "store.sqlite");
        try
        {
            var seeding = new SqliteStore(db);
            var tokens = Roles.ToDictionary(r => r, r => seeding.CreateKey("fuzz-" + r, ApiKeyTokens.TryParseRole(r, out var role) ? role : 0).Token);
            await Fuzz([$"--Store:Path={db}"], tokens, () => { var store = new SqliteStore(db); return (store.Version, store.Load().Changes.Length); },
                Requests, seed: 20261130);
        }
        finally
        {
            try { Directory.Delete(dir, true); } catch (IOException) { }
        }
    }

    /// <summary>
    /// The same 10,500 hostile requests (same seed) against the PostgreSQL store: a throwaway database on the test cluster, keys
    /// looked up in PostgreSQL on every request. Skipped without PostgreSQL, failed under CI. About 30 s on 2 cores.
    /// </summary>
    [SkippableFact]
    public async Task Ten_thousand_malformed_requests_on_the_postgresql_store_get_no_5xx_and_change_nothing()
    {
        var cluster = FrontlineMaps.Core.Tests.Storage.Postgres.PostgresCluster.Instance;
        var database = cluster.CreateDatabase();
        try
        {
            var connectionString = cluster.ConnectionString(database);
            Dictionary<string, string> tokens;
            using (var seeding = new PostgresStore(connectionString))
                tokens = Roles.ToDictionary(r => r, r => seeding.CreateKey("fuzz-" + r, ApiKeyTokens.TryParseRole(r, out var role) ? role : 0).Token);
            await Fuzz(["--Store:Provider=postgres", $"--Store:ConnectionString={connectionString}"], tokens,
                () => { using var store = new PostgresStore(connectionString); return (store.Version, store.Load().Changes.Length); },
                Requests, seed: 20261130);
        }
        finally
        {
            cluster.DropDatabase(database);
        }
    }

    /// <summary>The stored-string phase (<see cref="StoredStringFuzz"/>) on a SQLite store.</summary>
    [Fact]
    public async Task Hostile_strings_stored_in_every_free_text_field_leave_every_output_format_parseable_well_formed_and_escaped_on_sqlite()
    {
        await using var store = await StoreServer.Sqlite("--RateLimits:ExpensiveReads:PermitLimit=0");
        await StoredStringFuzz.Run(store, seed: 20261201);
    }

    /// <summary>The stored-string phase on a PostgreSQL store.</summary>
    [SkippableFact]
    public async Task Hostile_strings_stored_in_every_free_text_field_leave_every_output_format_parseable_well_formed_and_escaped_on_postgresql()
    {
        await using var store = await StoreServer.Postgres("--RateLimits:ExpensiveReads:PermitLimit=0");
        await StoredStringFuzz.Run(store, seed: 20261201);
    }

    private static async Task Fuzz(string[] storeArgs, Dictionary<string, string> tokens, Func<(string Version, int Changes)> storeState, int requests, int seed)
    {
        var (app, baseUrl) = await KestrelServer.Start([.. storeArgs,
            "--RateLimits:Writes:PermitLimit=0", "--RateLimits:ExpensiveReads:PermitLimit=0", "--RateLimits:FailedAuthentication:PermitLimit=0",
            "--Write:MaxBodyBytes=65536",
            "--Logging:LogLevel:Default=Critical"]);
        await using var _ = app;
        using var client = new HttpClient { BaseAddress = new Uri(baseUrl) };
        var before = storeState();
        var documented = await DocumentedStatuses(client);

        var random = new Random(seed);
        var failures = new List<string>();
        var statuses = new SortedDictionary<int, int>();
        var described = 0;
        for (var i = 0; i < requests; i++)
        {
            using var request = i % 2 == 0 ? ReadRequest(random) : WriteRequest(random, tokens);
            Headers(random, request, tokens);
            var uri = request.RequestUri!.ToString();
            var description = $"#{i} {request.Method} {(uri.Length > 160 ? uri[..160] + "…" : uri)}";
            HttpResponseMessage response;
            try
            {
                response = await client.SendAsync(request);
            }
            catch (Exception e)
            {
                failures.Add($"{description}: {e.GetType().Name} {e.Message}");
                continue;
            }
            var status = (int)response.StatusCode;
            statuses[status] = statuses.GetValueOrDefault(status) + 1;
            if (status >= 500) failures.Add($"{description}: {status} {await response.Content.ReadAsStringAsync()}");
            if (request.Method == HttpMethod.Post && status < 300) failures.Add($"{description}: a defective write was accepted ({status})");
            // Every answer of a described operation is one /api lists for it (routes it does not describe answer 404 or 405).
            if (Operation(documented, request) is { } operation)
            {
                described++;
                if (!operation.MediaTypes.TryGetValue(status.ToString(System.Globalization.CultureInfo.InvariantCulture), out var types))
                    failures.Add($"{description}: {status} is not among the statuses /api lists for {operation.Name}");
                else if (types.Count > 0 && response.Content.Headers.ContentType?.MediaType is { } type && !types.Contains(type))
                    failures.Add($"{description}: {status} is {type}, but /api lists {string.Join(", ", types)} for {operation.Name}");
            }
            response.Dispose();
        }
        Assert.True(failures.Count == 0, $"seed {seed}: {failures.Count} failures, e.g.\n{string.Join("\n", failures.Take(8))}");
        Assert.True(described > requests * 3 / 4, $"only {described} of {requests} requests reached an operation /api describes");
        Assert.Equal(before, storeState());
        // The generator reached the validation of every kind: many 4xx of each family.
        foreach (var expected in new[] { 400, 401, 403, 404, 413, 415, 422 })
            Assert.True(statuses.GetValueOrDefault(expected) > 0, $"no {expected} among {string.Join(", ", statuses.Select(s => $"{s.Key}:{s.Value}"))}");
    }

    private sealed record DocumentedOperation(string Name, System.Text.RegularExpressions.Regex Path, int Literals, string Method,
        Dictionary<string, HashSet<string>> MediaTypes)
    {
        public ICollection<string> Statuses => MediaTypes.Keys;
    }

    /// <summary>The operations of the server's OpenAPI document, each with a regular expression of its path and its statuses.</summary>
    private static async Task<List<DocumentedOperation>> DocumentedStatuses(HttpClient client)
    {
        var api = JsonNode.Parse(await client.GetStringAsync("/api"))!;
        var operations = new List<DocumentedOperation>();
        foreach (var (path, item) in api["paths"]!.AsObject())
        {
            var pattern = "^" + System.Text.RegularExpressions.Regex.Replace(System.Text.RegularExpressions.Regex.Escape(path), @"\\\{[^}]+}", "[^/]+") + "$";
            var literals = System.Text.RegularExpressions.Regex.Replace(path, @"\{[^}]+}", "").Length;
            foreach (var (method, operation) in item!.AsObject())
                operations.Add(new DocumentedOperation($"{method.ToUpperInvariant()} {path}", new System.Text.RegularExpressions.Regex(pattern), literals,
                    method.ToUpperInvariant(), operation!["responses"]!.AsObject().ToDictionary(r => r.Key,
                        r => (r.Value!["content"]?.AsObject().Select(c => c.Key.Split(';')[0]) ?? []).ToHashSet())));
        }
        return operations;
    }

    /// <summary>The described operation a request reaches (the most literal path template that matches), or null.</summary>
    private static DocumentedOperation? Operation(List<DocumentedOperation> operations, HttpRequestMessage request) =>
        operations.Where(o => o.Method == request.Method.Method && o.Path.IsMatch(request.RequestUri!.IsAbsoluteUri
                ? request.RequestUri.AbsolutePath : new Uri(new Uri("http://x"), request.RequestUri).AbsolutePath))
            .MaxBy(o => o.Literals);

    private static T Pick<T>(Random r, IReadOnlyList<T> items) => items[r.Next(items.Count)];

    private static string Segment(Random r) => Uri.EscapeDataString(Pick(r, Garbage)) is { Length: > 0 } s ? s : "x";

    private static HttpRequestMessage ReadRequest(Random r)
    {
        var path = Pick(r, GetPaths);
        while (path.Contains("{s}")) path = new System.Text.RegularExpressions.Regex(@"\{s\}").Replace(path, Segment(r), 1);
        var query = new StringBuilder();
        for (var k = r.Next(4); k > 0; k--)
            query.Append(query.Length == 0 ? '?' : '&').Append(Pick(r, QueryKeys)).Append('=').Append(Uri.EscapeDataString(Pick(r, Garbage)));
        if (r.Next(20) == 0) query.Append("&&==&%");
        return new HttpRequestMessage(r.Next(10) == 0 ? HttpMethod.Head : HttpMethod.Get, path + query);
    }

    private static HttpRequestMessage WriteRequest(Random r, Dictionary<string, string> tokens)
    {
        var (path, body) = r.Next(6) switch
        {
            0 => ("/api/changes", Defective(r, ValidChange(), ChangeDefects)),
            1 => ("/api/places", Defective(r, new JsonObject { ["id"] = "zz-fuzz-place", ["name"] = "Fuzz", ["kind"] = "village", ["lon"] = 37.0, ["lat"] = 36.0 }, PlaceDefects)),
            2 => ("/api/factions", Defective(r, new JsonObject { ["id"] = "ZZF", ["name"] = "Fuzz", ["short_name"] = "F", ["color"] = "#123456" }, FactionDefects)),
            3 => ("/api/sources", Defective(r, new JsonObject { ["id"] = "zz-fuzz-src", ["publisher"] = "P", ["title"] = "T" }, SourceDefects)),
            4 => ($"/api/changes/zz-{Segment(r)}/retract", r.Next(2) == 0 ? "" : "{}"),
            _ => ($"/api/changes/{(r.Next(2) == 0 ? "zz-" + Segment(r) : "r002-ejaz-hts-capture")}/review", r.Next(2) == 0 ? "{\"verdict\":\"zz\"}" : "{\"verdict\":\"confirmed\",\"zz\":1}"),
        };
        if (path.Contains("/review") && !path.Contains("/zz-") && !body.Contains("zz")) body = "{\"verdict\":\"zz\"}";
        if (r.Next(8) == 0 && path == "/api/changes") body = "[" + ValidChange().ToJsonString() + "," + body + "]";
        if (r.Next(30) == 0) body = "[" + string.Join(',', Enumerable.Repeat(body.Length > 0 ? body : "{}", 400)) + "]"; // oversized or invalid
        var request = new HttpRequestMessage(HttpMethod.Post, path);
        var content = new ByteArrayContent(r.Next(25) == 0 ? RandomBytes(r) : Encoding.UTF8.GetBytes(body));
        content.Headers.ContentType = r.Next(15) == 0 ? new MediaTypeHeaderValue("text/plain") : new MediaTypeHeaderValue("application/json");
        request.Content = content;
        return request;
    }

    private static byte[] RandomBytes(Random r)
    {
        var bytes = new byte[r.Next(1, 300)];
        r.NextBytes(bytes);
        return bytes;
    }

    private static void Headers(Random r, HttpRequestMessage request, Dictionary<string, string> tokens)
    {
        switch (r.Next(6))
        {
            case 0: break;
            case 1: request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + Pick(r, AsciiGarbage)); break;
            case 2: request.Headers.TryAddWithoutValidation("Authorization", Pick(r, ["Basic Zm9vOmJhcg==", "Bearer", "bearer flm_k000000000000_" + new string('A', 43), "Token abc"])); break;
            default: request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + tokens[Pick(r, Roles)]); break;
        }
        if (r.Next(4) == 0) request.Headers.TryAddWithoutValidation("Idempotency-Key", r.Next(3) == 0 ? new string('k', 300) : "fuzz-" + r.Next(50));
        if (r.Next(6) == 0) request.Headers.TryAddWithoutValidation("If-Match", Pick(r, ["*", "\"place-0-0\"", "W/\"x\"", "garbage", "\"a\", \"b\""]));
        if (r.Next(6) == 0) request.Headers.TryAddWithoutValidation("If-None-Match", Pick(r, ["*", "\"x\"", "garbage"]));
        if (r.Next(5) == 0) request.Headers.TryAddWithoutValidation("Accept", Pick(r, ["text/html", "application/geo+json", "*/*", "garbage/!!", "application/vnd.mapbox-vector-tile"]));
        if (r.Next(8) == 0) request.Headers.TryAddWithoutValidation("Accept-Encoding", Pick(r, ["gzip", "br", "identity;q=0", "garbage"]));
    }

    private static JsonObject ValidChange() => new()
    {
        ["place"] = "ejaz-idlib", ["faction"] = "SAA", ["valid_from"] = "2020-01-15", ["kind"] = "capture", ["status"] = "claimed",
        ["sources"] = new JsonArray(new JsonObject { ["source"] = "aranews-2015-10-14-aleppo" }),
    };

    /// <summary>Defects that make any record invalid, whatever else it holds.</summary>
    private static readonly Action<Random, JsonObject>[] CommonDefects =
    [
        (r, o) => o["zz_unknown"] = Pick(r, Garbage),
        (r, o) => o.Remove("id") ,
        (r, o) => o["id"] = Pick(r, ["has space", "", " lead", new string('i', 300), "ejaz-idlib\n", "<b>"]),
    ];

    private static readonly Action<Random, JsonObject>[] ChangeDefects =
    [
        (r, o) => o["place"] = "zz-" + Pick(r, Garbage),
        (r, o) => o["faction"] = "ZZ" + Pick(r, Garbage),
        (r, o) => o["valid_from"] = Pick(r, ["2999-01-01", "2020-13-01", "yesterday", "2020-01-01T24:00Z", "", "2020-1-1"]),
        (r, o) => o["sources"] = Pick(r, ["[]", "\"aranews\"", "[{\"source\":\"zz\"}]", "[{}]", "[null]", "{}"]) is var s ? JsonNode.Parse(s) : null,
        (r, o) => o.Remove(Pick(r, ["place", "valid_from", "kind", "status", "sources"])),
        (r, o) => o["kind"] = "zz" + Pick(r, Garbage),
        (r, o) => o["status"] = Pick(r, ["zz", "HELD", "", "confirmed"]),
        (r, o) => o["recorded_by"] = "someone",
        (r, o) => o["retracts"] = "r002-ejaz-hts-capture",
        (r, o) => o[Pick(r, ["place", "faction", "valid_from", "status"])] = Pick(r, ["1", "[]", "{}", "true", "null"]) is var s && s == "null" ? null : JsonNode.Parse(s),
        (r, o) => o["claim_of"] = Pick(r, ["claimed", "zz", ""]),
        (r, o) => o["id"] = "has space",
    ];

    private static readonly Action<Random, JsonObject>[] PlaceDefects =
    [
        (r, o) => o["lon"] = Pick(r, ["181", "-180.5", "\"37\"", "[]", "null"]) is var s && s == "null" ? null : JsonNode.Parse(s),
        (r, o) => o["lat"] = 91.5,
        (r, o) => o["kind"] = "zz" + Pick(r, Garbage),
        (r, o) => o["name"] = Pick(r, ["", "  "]),
        (r, o) => o["id"] = "ejaz-idlib",
        (r, o) => o["population"] = Pick(r, ["-5", "1.5", "99999999999", "\"many\""]) is var s ? JsonNode.Parse(s) : null,
        (r, o) => o["names"] = JsonNode.Parse(Pick(r, ["[1]", "\"x\"", "[\"\"]", "{}"])),
        (r, o) => o.Remove(Pick(r, ["name", "kind", "lon", "lat"])),
    ];

    private static readonly Action<Random, JsonObject>[] FactionDefects =
    [
        (r, o) => o["color"] = Pick(r, ["red", "#12345", "#gggggg", "", "123456"]),
        (r, o) => o["id"] = "SAA",
        (r, o) => o["parent"] = "ZZ-none",
        (r, o) => o["allies"] = JsonNode.Parse("[\"ZZ\"]"),
        (r, o) => { o["valid_from"] = "2020-01-01"; o["valid_to"] = "2019-01-01"; },
        (r, o) => o.Remove(Pick(r, ["name", "short_name", "color"])),
    ];

    private static readonly Action<Random, JsonObject>[] SourceDefects =
    [
        (r, o) => o["url"] = Pick(r, ["javascript:alert(1)", "not a url", "ftp://x/y", "/relative"]),
        (r, o) => o["id"] = "aranews-2015-10-14-aleppo",
        (r, o) => o["published"] = Pick(r, ["2020-02-30", "yesterday", "1"]),
        (r, o) => o.Remove(Pick(r, ["publisher", "title"])),
    ];

    /// <summary>The record with 1 to 3 random defects (the last always one that makes it invalid), or broken JSON text.</summary>
    private static string Defective(Random r, JsonObject record, Action<Random, JsonObject>[] defects)
    {
        if (record.ContainsKey("status") && r.Next(3) == 0) record["status"] = "held";
        var all = defects.Concat(CommonDefects).ToArray();
        for (var k = r.Next(3); k > 0; k--) Pick(r, all)(r, record);
        // The last defect always breaks the record ('id' removal is only a defect for places, factions and sources).
        Pick(r, defects)(r, record);
        var text = record.ToJsonString();
        return r.Next(12) switch
        {
            0 => text[..r.Next(text.Length)],                                  // truncated
            1 => new string('[', 40) + text + new string(']', 40),             // too deep
            2 => Pick(r, ["1", "\"x\"", "null", "true", "{", "}", "[,]", "{\"a\":}", "\uFEFF{}"]),
            _ => text,
        };
    }
}

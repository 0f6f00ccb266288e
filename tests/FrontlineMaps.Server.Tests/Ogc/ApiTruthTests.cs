using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace FrontlineMaps.Server.Tests.Ogc;

/// <summary>
/// The document at <c>/api</c> is true of the running server (real HTTP through Kestrel): every documented GET answers 2xx with
/// sample values, and so does each declared query parameter with each valid value (every value of an enum); each declared
/// <c>f</c> gives its media type; a parameter the document declares elsewhere but not on an operation, and a value outside a
/// declared enum, give 400; every documented HEAD answers as its GET without a body; GeoJSON answers match their schemas.
/// </summary>
public partial class ApiTruthTests(KestrelServer server) : IClassFixture<KestrelServer>
{
    private readonly HttpClient _http = new(new HttpClientHandler { AllowAutoRedirect = false });

    /// <summary>A valid value for each parameter name (the dates lie in the test data; the ids exist).</summary>
    private static readonly Dictionary<string, string> Samples = new()
    {
        // The last day of the test data: every collection has a feature then (a front line too).
        ["datetime"] = "2020-12-24", ["date"] = "2020-12-24", ["bbox"] = "35,32,43,38", ["limit"] = "5", ["offset"] = "1",
        ["known_at"] = "2099-01-01", ["faction"] = "SAA", ["layers"] = "places,territory", ["from"] = "2019-11-29", ["to"] = "2019-12-02",
        ["step"] = "month", ["width"] = "400", ["height"] = "300", ["maxwidth"] = "400", ["maxheight"] = "300",
["id"] = "ejaz-idlib", ["z"] = "8", ["x"] = "154", ["y"] = "100",
    };

    /// <summary>Values the document declares with another documented answer than 2xx (oEmbed's XML is documented as 501).</summary>
    private static readonly HashSet<(string Path, string Parameter, string Value)> DocumentedRefusals = [("/oembed", "format", "xml")];

    private static readonly Dictionary<string, string> FormatTypes = new()
    {
        ["html"] = "text/html", ["csv"] = "text/csv", ["mvt"] = "application/vnd.mapbox-vector-tile",
    };

    [Fact]
    public async Task Every_declared_parameter_value_and_format_answers_as_documented_and_every_undeclared_one_is_a_400()
    {
        var api = JsonNode.Parse(await _http.GetStringAsync(server.BaseUrl + "/api"))!.AsObject();
        var urlVersion = (string)JsonNode.Parse(await _http.GetStringAsync(server.BaseUrl + "/api/timeline"))!["url_version"]!;
        var samples = new Dictionary<string, string>(Samples) { ["v"] = urlVersion, ["url"] = server.BaseUrl + "/?date=2019-12-02" };
        var featureIds = await FeatureIds();
        // Every query parameter name the document declares anywhere: an operation that does not declare one must refuse it.
        var everywhere = Operations(api).SelectMany(o => Parameters(api, o.Operation)).Where(p => (string?)p["in"] == "query")
            .Select(p => (string)p["name"]!).ToHashSet();
        var checkedValues = 0;
        var failures = new List<string>();
        foreach (var (path, method, operation) in Operations(api).Where(o => o.Method == "get"))
        {
            if (path == "/embed") continue; // the viewer's page reads its parameters in the browser
            var declared = Parameters(api, operation).ToList();
            var concrete = Concrete(path, declared, featureIds, samples);
            var required = declared.Where(p => (string?)p["in"] == "query" && (bool?)p["required"] == true)
                .ToDictionary(p => (string)p["name"]!, p => samples[(string)p["name"]!]);
            var okTypes = operation["responses"]?["200"]?["content"]?.AsObject().Select(c => c.Key).ToHashSet() ?? [];

            var baseline = await Get(concrete, required);
            if (!baseline.IsSuccessStatusCode) failures.Add($"GET {concrete}: {(int)baseline.StatusCode} without optional parameters");

            foreach (var parameter in declared.Where(p => (string?)p["in"] == "query"))
            {
                var name = (string)parameter["name"]!;
                var schema = parameter["schema"]!;
                var values = schema["enum"] is JsonArray e ? e.Select(v => (string)v!).ToList() : [samples[name]];
                foreach (var value in values)
                {
                    checkedValues++;
                    var query = new Dictionary<string, string>(required) { [name] = value };
                    var response = await Get(concrete, query);
                    var type = response.Content.Headers.ContentType?.MediaType;
                    if (DocumentedRefusals.Contains((path, name, value)))
                    {
                        if (operation["responses"]![((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture)] is null)
                            failures.Add($"GET {concrete}?{name}={value}: {(int)response.StatusCode}, not documented");
                        continue;
                    }
                    if (!response.IsSuccessStatusCode)
                    {
                        failures.Add($"GET {concrete}?{name}={value}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                        continue;
                    }
                    if (response.StatusCode == HttpStatusCode.NoContent) continue;
                    if (type is not null && !okTypes.Any(t => t.StartsWith(type, StringComparison.Ordinal)))
                        failures.Add($"GET {concrete}?{name}={value}: {type}, documented {string.Join(", ", okTypes)}");
                    if (name is "f" or "format")
                    {
                        var expected = FormatTypes.GetValueOrDefault(value);
                        if (expected is null ? type is null || !type.Contains("json", StringComparison.Ordinal) : type != expected)
                            failures.Add($"GET {concrete}?{name}={value}: {type}, expected {expected ?? "a JSON type"}");
                    }
                }
                if (schema["enum"] is JsonArray)
                {
                    // A value outside the enum (a status of another collection, an undeclared format) is refused.
                    var outside = name switch { "status" => "inferred", "f" => "geojsonseq", _ => "zz-not-a-value" };
                    if (schema["enum"]!.AsArray().Any(v => (string?)v == outside)) outside = "unknown";
                    if (schema["enum"]!.AsArray().Any(v => (string?)v == outside)) outside = "zz-not-a-value";
                    checkedValues++;
                    var refused = await Get(concrete, new Dictionary<string, string>(required) { [name] = outside });
                    if (refused.StatusCode is not (HttpStatusCode.BadRequest or HttpStatusCode.NotImplemented))
                        failures.Add($"GET {concrete}?{name}={outside}: {(int)refused.StatusCode}, the value is not declared");
                }
            }

            foreach (var name in everywhere.Except(declared.Select(p => (string)p["name"]!)))
            {
                checkedValues++;
                var response = await Get(concrete, new Dictionary<string, string>(required) { [name] = samples.GetValueOrDefault(name, "json") });
                if (response.StatusCode != HttpStatusCode.BadRequest)
                    failures.Add($"GET {concrete}?{name}=…: {(int)response.StatusCode}, but {path} does not declare {name}");
            }

            // GeoJSON answers match the documented schema.
            if (operation["responses"]?["200"]?["content"]?["application/geo+json"]?["schema"] is { } geoSchema && baseline.IsSuccessStatusCode)
            {
                var errors = new List<string>();
                ApiDocumentTests.Validate(api, geoSchema, JsonNode.Parse(await baseline.Content.ReadAsStringAsync()), "$", errors);
                failures.AddRange(errors.Take(5).Select(e => $"GET {concrete}: {e}"));
            }

            // HEAD answers as GET, without a body.
            if (api["paths"]![path]!["head"] is not null)
            {
                using var head = new HttpRequestMessage(HttpMethod.Head, Url(concrete, required));
                var answer = await _http.SendAsync(head);
                if (answer.StatusCode != baseline.StatusCode || (await answer.Content.ReadAsByteArrayAsync()).Length != 0)
                    failures.Add($"HEAD {concrete}: {(int)answer.StatusCode} (GET {(int)baseline.StatusCode})");
            }
        }
        Assert.True(failures.Count == 0, $"{failures.Count} of {checkedValues} checks failed:\n" + string.Join("\n", failures.Take(40)));
        Assert.True(checkedValues > 300, $"only {checkedValues} checks");
    }

    /// <summary>A real feature id of each collection (the first of its items).</summary>
    private async Task<Dictionary<string, string>> FeatureIds()
    {
        var ids = new Dictionary<string, string>();
        foreach (var c in new[] { "places", "changes", "territory", "frontlines", "factions" })
        {
            var page = JsonNode.Parse(await _http.GetStringAsync($"{server.BaseUrl}/collections/{c}/items?limit=1&" + c switch { "factions" => "", "changes" => "datetime=2019-11-01/2020-12-31", _ => "datetime=2020-12-24" }))!;
            ids[c] = (string)page["features"]![0]!["id"]!;
        }
        return ids;
    }

    private static string Concrete(string path, List<JsonObject> declared, Dictionary<string, string> featureIds, Dictionary<string, string> samples) =>
        PathParameter().Replace(path, m =>
        {
            var name = m.Groups[1].Value;
            var parameter = declared.Single(p => (string?)p["in"] == "path" && (string?)p["name"] == name);
            if (parameter["schema"]?["enum"] is JsonArray values) return (string)values[0]!;
            if (name == "featureId") return Uri.EscapeDataString(featureIds[path.Split('/')[2]]);
            if (name == "date") return samples["date"];
            return samples[name];
        });

    private Task<HttpResponseMessage> Get(string path, Dictionary<string, string> query)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, Url(path, query));
        request.Headers.Accept.ParseAdd("application/json");
        return _http.SendAsync(request);
    }

    private string Url(string path, Dictionary<string, string> query) =>
        server.BaseUrl + path + (query.Count == 0 ? "" : "?" + string.Join('&', query.Select(q => $"{q.Key}={Uri.EscapeDataString(q.Value)}")));

    private static IEnumerable<(string Path, string Method, JsonObject Operation)> Operations(JsonObject api) =>
        api["paths"]!.AsObject().SelectMany(p => p.Value!.AsObject().Where(o => o.Key is "get" or "head" or "post")
            .Select(o => (p.Key, o.Key, o.Value!.AsObject())));

    private static IEnumerable<JsonObject> Parameters(JsonObject api, JsonObject operation) =>
        (operation["parameters"]?.AsArray() ?? []).Select(p => ApiDocumentTests.Deref(api, p!));

    [GeneratedRegex(@"\{([^}]+)\}")]
    private static partial Regex PathParameter();
}

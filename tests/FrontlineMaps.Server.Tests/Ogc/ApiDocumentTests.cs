using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using FrontlineMaps.Server.Tests.Write;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using static FrontlineMaps.Server.Tests.Write.Http;

namespace FrontlineMaps.Server.Tests.Ogc;

/// <summary>
/// The OpenAPI 3.0 document at <c>/api</c> against the server itself: every route the app maps is described with its methods, the
/// document parses as OpenAPI 3.0 with every reference resolved and every path parameter declared, and the documented write
/// examples are what the real endpoints accept (201), while a body missing a required member gets the documented 422.
/// </summary>
public partial class ApiDocumentTests(ServerFactory factory, SqliteWriteServer writeServer) : IClassFixture<ServerFactory>, IClassFixture<SqliteWriteServer>
{
    /// <summary>
    /// Pages served by middleware rather than by mapped endpoints. <c>/embed</c> is public (embedders put it in iframes) and must
    /// be described; <c>/assets/*</c> (the viewer's content-hashed bundle) and the viewer page a browser gets at <c>/</c> are
    /// internal to the viewer and are not API.
    /// </summary>
    private static readonly (string Path, string Method)[] MiddlewarePages = [("/embed", "get"), ("/embed", "head")];

    /// <summary>Routes that only answer 404 for a collection id outside the documented ones (every real collection has its own routes).</summary>
    private static readonly (string Path, string Method)[] NotFoundFallbacks =
        [("/collections/{collectionId}/items", "get"), ("/collections/{collectionId}/items/{featureId}", "get")];

    private static readonly string[] Methods = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

    private async Task<JsonObject> Document(HttpClient client)
    {
        var response = await client.GetAsync("/api");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
    }

    [Fact]
    public async Task Every_route_the_server_maps_is_described_with_each_of_its_methods_and_nothing_else_is()
    {
        var api = await Document(factory.CreateClient());
        var paths = api["paths"]!.AsObject();
        // HttpHardening serves HEAD wherever GET is served, so a GET route is a HEAD route too.
        var mapped = factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET"])
                .SelectMany(m => m == "GET" ? ["GET", "HEAD"] : new[] { m })
                .Select(m => (Path: e.RoutePattern.RawText!, Method: m.ToLowerInvariant())))
            .Where(r => !NotFoundFallbacks.Contains(r) && !NotFoundFallbacks.Contains((r.Path, "get")))
            .ToHashSet();
        Assert.True(mapped.Count >= 30, $"only {mapped.Count} routes found: the endpoint enumeration is broken");
        Assert.Contains(("/api/changes", "post"), mapped);

        var undocumented = mapped.Where(r => paths[r.Path]?[r.Method] is null).Select(r => $"{r.Method.ToUpperInvariant()} {r.Path}").ToList();
        Assert.True(undocumented.Count == 0, "mapped but not described in /api: " + string.Join(", ", undocumented));

        var expected = mapped.Concat(MiddlewarePages).ToHashSet();
        var described = paths.SelectMany(p => p.Value!.AsObject().Where(o => Methods.Contains(o.Key)).Select(o => (p.Key, o.Key))).ToList();
        var invented = described.Where(d => !expected.Contains(d)).Select(d => $"{d.Item2.ToUpperInvariant()} {d.Item1}").ToList();
        Assert.True(invented.Count == 0, "described in /api but not served: " + string.Join(", ", invented));

        // The middleware page is really there.
        Assert.Equal(HttpStatusCode.OK, (await factory.CreateClient().GetAsync("/embed")).StatusCode);
    }

    [Fact]
    public async Task The_document_parses_as_openapi_3_0_with_every_reference_resolved_and_every_path_parameter_declared()
    {
        var client = factory.CreateClient();
        var response = await client.GetAsync("/api");
        Assert.Equal("application/vnd.oai.openapi+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(response.Content.Headers.ContentType!.Parameters, p => p.Name == "version" && p.Value == "3.0");
        var text = await response.Content.ReadAsStringAsync();

        // A real OpenAPI reader (Microsoft.OpenApi, with its default validation rules) reads it as 3.0 without errors.
        var read = Microsoft.OpenApi.OpenApiDocument.Parse(text, "json");
        Assert.Equal(Microsoft.OpenApi.OpenApiSpecVersion.OpenApi3_0, read.Diagnostic!.SpecificationVersion);
        Assert.True(read.Diagnostic.Errors.Count == 0, string.Join("\n", read.Diagnostic.Errors.Select(e => $"{e.Pointer}: {e.Message}")));
        Assert.True(read.Diagnostic.Warnings.Count == 0, string.Join("\n", read.Diagnostic.Warnings.Select(e => $"{e.Pointer}: {e.Message}")));
        Assert.NotNull(read.Document);
        var invalid = Microsoft.OpenApi.OpenApiElementExtensions.Validate(read.Document, Microsoft.OpenApi.ValidationRuleSet.GetDefaultRuleSet())?.ToList() ?? [];
        Assert.True(invalid.Count == 0, string.Join("\n", invalid.Select(e => $"{e.Pointer}: {e.Message}")));

        var api = JsonNode.Parse(text)!.AsObject();
        Assert.StartsWith("3.0.", (string?)api["openapi"]); // Microsoft.OpenApi writes 3.0.4

        // Every $ref resolves (JSON pointer into this document).
        var refs = new List<(string Where, string Ref)>();
        CollectRefs(api, "#", refs);
        Assert.NotEmpty(refs);
        foreach (var (where, reference) in refs)
            Assert.True(Resolve(api, reference) is not null, $"{where}: $ref {reference} does not resolve");

        // Every path parameter is declared (and required) on each operation, and no operation declares one the path lacks.
        var operationIds = new HashSet<string>();
        foreach (var (path, item) in api["paths"]!.AsObject())
        {
            var inTemplate = PathParameter().Matches(path).Select(m => m.Groups[1].Value).ToHashSet();
            foreach (var (method, operation) in item!.AsObject().Where(o => Methods.Contains(o.Key)))
            {
                var where = $"{method.ToUpperInvariant()} {path}";
                Assert.True(operationIds.Add((string)operation!["operationId"]!), $"{where}: duplicate operationId");
                var parameters = (operation["parameters"]?.AsArray() ?? []).Select(p => Deref(api, p!)).ToList();
                var declared = parameters.Where(p => (string?)p["in"] == "path").ToList();
                Assert.True(inTemplate.SetEquals(declared.Select(p => (string)p["name"]!)),
                    $"{where}: path parameters {string.Join(",", inTemplate)} but declared {string.Join(",", declared.Select(p => p["name"]))}");
                Assert.All(declared, p => Assert.True((bool)p["required"]!, $"{where}: path parameter {p["name"]} is not required"));
                Assert.Equal(parameters.Count, parameters.Select(p => ((string?)p["in"], (string?)p["name"])).Distinct().Count());
                var responses = operation["responses"]!.AsObject();
                Assert.True(responses.Count > 0, $"{where}: no responses");
                // Errors are problem documents (a HEAD response has no body).
                foreach (var (status, r) in responses.Where(r => method != "head" && (r.Key.StartsWith('4') || r.Key.StartsWith('5'))))
                    Assert.True((string?)r!["content"]?["application/problem+json"]?["schema"]?["$ref"] == "#/components/schemas/ProblemDetails",
                        $"{where}: {status} is not a ProblemDetails");
            }
        }

        // The HTML view lists every operation, writes marked as needing a key.
        var html = await client.GetStringAsync("/api?f=html");
        Assert.Contains("<code>POST /api/changes/{id}/review</code>", html);
        Assert.Contains("(API key)", html);
        Assert.Contains("<code>HEAD /tiles/{date}/{z}/{x}/{y}.mvt</code>", html);

        // QGIS reads the page size from components.parameters.limit.
        var limit = api["components"]!["parameters"]!["limit"]!;
        Assert.Equal("limit", (string?)limit["name"]);
        Assert.Equal(10000, (int)limit["schema"]!["maximum"]!);
        Assert.Equal(100, (int)limit["schema"]!["default"]!);
        foreach (var collection in new[] { "places", "changes", "territory", "frontlines", "factions" })
        {
            var items = api["paths"]![$"/collections/{collection}/items"]!["get"]!["parameters"]!.AsArray();
            Assert.Contains(items, p => (string?)p!["$ref"] == "#/components/parameters/limit");
        }

        // Every write needs the bearer API key and lists its failures.
        var scheme = api["components"]!["securitySchemes"]!["apiKey"]!;
        Assert.Equal("http", (string?)scheme["type"]);
        Assert.Equal("bearer", (string?)scheme["scheme"]);
        foreach (var (path, op) in WriteOperations(api))
        {
            Assert.Contains("apiKey", op["security"]!.AsArray().Select(s => s!.AsObject().Single().Key));
            foreach (var status in new[] { "201", "400", "401", "403", "413", "415", "422", "429" })
                Assert.True(op["responses"]![status] is not null, $"POST {path} does not list {status}");
            Assert.True(op["requestBody"]!["content"]!["application/json"]!["examples"]!.AsObject().Count >= 2, $"POST {path}: examples");
        }
    }

    [Fact]
    public async Task Every_documented_read_declares_exactly_the_query_parameters_the_server_accepts()
    {
        var client = factory.CreateClient();
        var api = await Document(client);
        var samples = new Dictionary<string, string[]>
        {
            ["featureId"] = ["x"], ["date"] = ["2020-12-25"], ["z"] = ["8"], ["x"] = ["155"], ["y"] = ["100"], ["id"] = ["ejaz-idlib"],
        };
        var compared = 0;
        foreach (var (path, item) in api["paths"]!.AsObject())
        {
            if (item!["get"] is not JsonObject get || MiddlewarePages.Contains((path, "get"))) continue;
            var documented = (get["parameters"]?.AsArray() ?? []).Select(p => Deref(api, p!)).Where(p => (string?)p["in"] == "query")
                .Select(p => (string)p["name"]!).ToHashSet();
            // The server names what it accepts when it refuses an unknown parameter; items accept a subset per collection.
            var accepted = new HashSet<string>();
            // A path parameter with an enum is tried with each of its values (collectionId).
            var pathSamples = new Dictionary<string, string[]>(samples);
            foreach (var p in (get["parameters"]?.AsArray() ?? []).Select(p => Deref(api, p!)).Where(p => (string?)p["in"] == "path" && p["schema"]?["enum"] is not null))
                pathSamples[(string)p["name"]!] = [.. p["schema"]!["enum"]!.AsArray().Select(v => (string)v!)];
            foreach (var url in Urls(path, pathSamples))
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, url + "?zz_undocumented=1");
                request.Headers.Accept.ParseAdd("application/json");
                var response = await client.SendAsync(request);
                var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
                Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"GET {url}?zz_undocumented=1: {(int)response.StatusCode} {body}");
                Assert.Equal("zz_undocumented", (string?)body["parameter"]);
                var detail = (string)body["detail"]!;
                var allowed = detail[(detail.IndexOf("allowed: ", StringComparison.Ordinal) + "allowed: ".Length)..]
                    .Split(", ", StringSplitOptions.RemoveEmptyEntries).ToHashSet();
                Assert.True(allowed.IsSubsetOf(documented), $"GET {url} accepts {string.Join(",", allowed)}; /api documents {string.Join(",", documented)}");
                accepted.UnionWith(allowed);
            }
            Assert.True(accepted.SetEquals(documented), $"GET {path} accepts {string.Join(",", accepted)}; /api documents {string.Join(",", documented)}");
            compared++;
        }
        Assert.True(compared >= 20, $"only {compared} reads compared");
    }

    [Fact]
    public async Task Every_documented_json_answer_with_a_schema_matches_it()
    {
        var client = factory.CreateClient();
        var api = await Document(client);
        var samples = new Dictionary<string, string>
        {
            ["/tiles/{date}.json"] = "/tiles/2020-12-25.json",
            ["/api/timeline"] = "/api/timeline",
            ["/api/diff"] = "/api/diff?from=2019-11-29&to=2019-12-02",
            ["/api/places/{id}/history"] = "/api/places/Ajaz/history",
            ["/api/stats/area"] = "/api/stats/area?from=2019-11-01&to=2020-12-31&step=month",
            ["/health"] = "/health",
            ["/oembed"] = "/oembed?url=" + Uri.EscapeDataString("http://localhost/?date=2019-12-02"),
            ["/api/places/{id}"] = "/api/places/ejaz-idlib",
        };
        foreach (var (path, item) in api["paths"]!.AsObject())
        {
            var schema = item!["get"]?["responses"]?["200"]?["content"]?["application/json"]?["schema"];
            if (schema is null || Deref(api, schema)["properties"] is null) continue;
            Assert.True(samples.TryGetValue(path, out var url), $"GET {path} has a documented JSON schema but no sample request in this test");
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Headers.Accept.ParseAdd("application/json");
            var response = await client.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {url}: {(int)response.StatusCode} {text}");
            var errors = new List<string>();
            Validate(api, schema, JsonNode.Parse(text), "$", errors);
            Assert.True(errors.Count == 0, $"GET {url} does not match its schema:\n" + string.Join("\n", errors.Take(10)));
            samples.Remove(path);
        }
        Assert.Empty(samples);
    }

    /// <summary>Checks a value against the OpenAPI 3.0 schema subset the document uses (type, nullable, enum, pattern, ranges, properties, required, additionalProperties, items, oneOf, $ref).</summary>
    internal static void Validate(JsonObject api, JsonNode schemaNode, JsonNode? value, string at, List<string> errors)
    {
        var schema = Deref(api, schemaNode);
        if (schema["oneOf"] is JsonArray oneOf)
        {
            var matching = oneOf.Count(branch => { var e = new List<string>(); Validate(api, branch!, value, at, e); return e.Count == 0; });
            if (matching != 1) errors.Add($"{at}: matches {matching} branches of oneOf");
            return;
        }
        if (value is null)
        {
            if (schema["nullable"] is not JsonValue n || !n.GetValue<bool>()) errors.Add($"{at}: null, but not nullable");
            return;
        }
        var type = (string?)schema["type"];
        var kind = value.GetValueKind();
        var ok = type switch
        {
            null => true,
            "object" => kind == JsonValueKind.Object,
            "array" => kind == JsonValueKind.Array,
            "string" => kind == JsonValueKind.String,
            "boolean" => kind is JsonValueKind.True or JsonValueKind.False,
            "number" => kind == JsonValueKind.Number,
            "integer" => kind == JsonValueKind.Number && value.GetValue<double>() % 1 == 0,
            _ => false,
        };
        if (!ok) { errors.Add($"{at}: {kind}, expected {type}"); return; }
        if (schema["enum"] is JsonArray values && !values.Any(v => JsonNode.DeepEquals(v, value))) errors.Add($"{at}: {value.ToJsonString()} is not in the enum");
        if (kind == JsonValueKind.String && schema["pattern"] is { } pattern && !Regex.IsMatch(value.GetValue<string>(), (string)pattern!))
            errors.Add($"{at}: '{value}' does not match {pattern}");
        if (kind == JsonValueKind.Number)
        {
            var number = value.GetValue<double>();
            if (schema["minimum"] is { } min && number < min.GetValue<double>()) errors.Add($"{at}: {number} < {min}");
            if (schema["maximum"] is { } max && number > max.GetValue<double>()) errors.Add($"{at}: {number} > {max}");
        }
        if (value is JsonObject o)
        {
            var properties = schema["properties"]?.AsObject();
            foreach (var required in schema["required"]?.AsArray().Select(r => (string)r!) ?? [])
                if (!o.ContainsKey(required)) errors.Add($"{at}: '{required}' is missing");
            foreach (var (name, member) in o)
            {
                if (properties?[name] is { } p) Validate(api, p, member, $"{at}.{name}", errors);
                else if (schema["additionalProperties"] is JsonObject extra) Validate(api, extra, member, $"{at}.{name}", errors);
                else if (schema["additionalProperties"] is JsonValue allowed && !allowed.GetValue<bool>()) errors.Add($"{at}: '{name}' is not allowed");
            }
        }
        if (value is JsonArray a && schema["items"] is { } items)
            for (var i = 0; i < a.Count; i++) Validate(api, items, a[i], $"{at}[{i}]", errors);
    }

    private static IEnumerable<string> Urls(string path, Dictionary<string, string[]> samples)
    {
        var match = PathParameter().Match(path);
        if (!match.Success) return [path];
        return samples[match.Groups[1].Value].SelectMany(v => Urls(path[..match.Index] + v + path[(match.Index + match.Length)..], samples));
    }

    [Fact]
    public async Task Every_documented_write_example_is_accepted_by_the_real_endpoint_with_the_documented_201()
    {
        var api = await Document(writeServer.Client());
        var accepted = new List<string>();
        foreach (var (path, op) in WriteOperations(api))
        {
            var role = (string)op["x-required-role"]!;
            var examples = op["requestBody"]!["content"]!["application/json"]!["examples"]!.AsObject();
            Assert.NotNull(op["responses"]!["201"]);
            foreach (var (name, example) in examples)
            {
                var url = await ConcreteUrl(path);
                var body = example!["value"]!.ToJsonString();
                var exampleErrors = new List<string>();
                Validate(api, op["requestBody"]!["content"]!["application/json"]!["schema"]!, example["value"], "$", exampleErrors);
                Assert.True(exampleErrors.Count == 0, $"POST {path} example {name} does not match its own schema:\n" + string.Join("\n", exampleErrors));
                var created = await Created(writeServer.Client(KeyOf(role)), url, body);
                var answerErrors = new List<string>();
                Validate(api, op["responses"]!["201"]!["content"]!["application/json"]!["schema"]!, JsonNode.Parse(created.GetRawText()), "$", answerErrors);
                Assert.True(answerErrors.Count == 0, $"POST {url} ({name}): the answer does not match WriteResult:\n" + string.Join("\n", answerErrors));
                Assert.True(created.EnumerateObject().Any(), $"POST {url} ({name}): empty result");
                // The answer has the documented shape: WriteResult's record sets, each record with its schema's required members.
                var result = Deref(api, op["responses"]!["201"]!["content"]!["application/json"]!["schema"]!)["properties"]!.AsObject();
                foreach (var set in created.EnumerateObject())
                {
                    Assert.True(result.ContainsKey(set.Name), $"POST {url} ({name}): '{set.Name}' is not in WriteResult");
                    var record = Deref(api, result[set.Name]!["items"]!);
                    foreach (var record1 in set.Value.EnumerateArray())
                        foreach (var required in record["required"]?.AsArray().Select(r => (string)r!) ?? [])
                            Assert.True(record1.TryGetProperty(required, out _), $"POST {url} ({name}): a written {set.Name} record lacks '{required}'");
                }
                accepted.Add($"{path}:{name}");
            }
            // The full example uses every member the schema documents, so the schema and the server agree on the members.
            var schema = Deref(api, RequestSchema(api, op));
            var documented = schema["properties"]!.AsObject().Select(p => p.Key).ToHashSet();
            var full = examples["full"]!["value"]!.AsObject().Select(p => p.Key).ToHashSet();
            Assert.True(documented.SetEquals(full), $"POST {path}: the full example has {string.Join(",", full)}, the schema {string.Join(",", documented)}");
        }
        Assert.Equal(12, accepted.Count);

        // An array of the documented records is the batch form (oneOf) and is accepted too.
        var claim = api["paths"]!["/api/changes"]!["post"]!["requestBody"]!["content"]!["application/json"]!["examples"]!["claim"]!["value"]!;
        var batch = await Created(writeServer.Client("editor"), "/api/changes", $"[{claim.ToJsonString()},{claim.ToJsonString()}]");
        Assert.Equal(2, batch.GetProperty("changes").GetArrayLength());
    }

    [Fact]
    public async Task A_documented_write_missing_a_required_member_or_with_an_undocumented_one_gets_the_documented_422_naming_it()
    {
        var api = await Document(writeServer.Client());
        var checkedFields = 0;
        foreach (var (path, op) in WriteOperations(api))
        {
            Assert.NotNull(op["responses"]!["422"]);
            var role = (string)op["x-required-role"]!;
            var schema = Deref(api, RequestSchema(api, op));
            var full = op["requestBody"]!["content"]!["application/json"]!["examples"]!["full"]!["value"]!.AsObject();
            var url = await ConcreteUrl(path);
            foreach (var field in schema["required"]?.AsArray().Select(r => (string)r!) ?? [])
            {
                var body = (JsonObject)full.DeepClone();
                Assert.True(body.Remove(field), $"POST {path}: the full example lacks the required {field}");
                await Problem(writeServer.Client(KeyOf(role)), url, body.ToJsonString(), 422, field);
                checkedFields++;
            }
            var extra = (JsonObject)full.DeepClone();
            extra["undocumented"] = 1;
            await Problem(writeServer.Client(KeyOf(role)), url, extra.ToJsonString(), 422, "undocumented");

            // And without a key: the documented 401.
            Assert.NotNull(op["responses"]!["401"]);
            await Problem(writeServer.Client(), url, full.ToJsonString(), 401, "Authorization");
        }
        // changes 6, sources 3, places 5, factions 4, review 1 (retract has none).
        Assert.Equal(19, checkedFields);
    }

    // ---- helpers

    private static string KeyOf(string role) => role switch { "editor" => "editor", "reviewer" => "reviewer", _ => "admin" };

    /// <summary>The path with <c>{id}</c> replaced by a fresh claim recorded by the editor (retractions and reviews need one each).</summary>
    private async Task<string> ConcreteUrl(string path)
    {
        if (!path.Contains("{id}", StringComparison.Ordinal)) return path;
        var claim = await Created(writeServer.Client("editor"), "/api/changes", Change("ejaz-idlib", "SAA", "2020-02-01", source: "globalresearch-2019-12-03-idlib"));
        return path.Replace("{id}", Uri.EscapeDataString(claim.GetProperty("changes")[0].GetProperty("id").GetString()!), StringComparison.Ordinal);
    }

    private static IEnumerable<(string Path, JsonObject Operation)> WriteOperations(JsonObject api) =>
        api["paths"]!.AsObject().Where(p => p.Value!["post"] is not null).Select(p => (p.Key, p.Value!["post"]!.AsObject()));

    /// <summary>The schema of one record: the body schema, or the first branch of one-or-an-array.</summary>
    private static JsonNode RequestSchema(JsonObject api, JsonObject op)
    {
        var schema = op["requestBody"]!["content"]!["application/json"]!["schema"]!;
        return schema["oneOf"] is JsonArray oneOf ? oneOf[0]! : schema;
    }

    private static void CollectRefs(JsonNode? node, string where, List<(string, string)> refs)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (key, value) in o)
                {
                    if (key == "$ref") refs.Add((where, (string)value!));
                    else CollectRefs(value, where + "/" + key, refs);
                }
                break;
            case JsonArray a:
                for (var i = 0; i < a.Count; i++) CollectRefs(a[i], $"{where}/{i}", refs);
                break;
        }
    }

    internal static JsonNode? Resolve(JsonObject api, string reference)
    {
        if (!reference.StartsWith("#/", StringComparison.Ordinal)) return null;
        JsonNode? node = api;
        foreach (var raw in reference[2..].Split('/'))
        {
            var token = raw.Replace("~1", "/").Replace("~0", "~");
            node = node is JsonObject o && o.TryGetPropertyValue(token, out var next) ? next : null;
            if (node is null) return null;
        }
        return node;
    }

    internal static JsonObject Deref(JsonObject api, JsonNode node) =>
        (node["$ref"] is { } r ? Resolve(api, (string)r!) : node)!.AsObject();

    [GeneratedRegex(@"\{([^}]+)\}")]
    private static partial Regex PathParameter();
}

using System.Text.Json;
using System.Text.Json.Nodes;
using FrontlineMaps.Core.Domain;
using FrontlineMaps.Core.Storage;
using static FrontlineMaps.Server.Tests.Write.Http;

namespace FrontlineMaps.Server.Tests.Write;

/// <summary>
/// Issue 15 item 5: every string field of every record type, written with hostile (but valid) text through HTTP, is stored
/// exactly as the 201 acknowledged it: the record a fresh store instance reads back, in canonical form, is byte for byte the
/// record of the response.
/// </summary>
internal static class RoundTrip
{
    private static readonly JsonSerializerOptions Relaxed = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static async Task EveryStringField(StoreServer store)
    {
        using var editor = store.Client("editor");
        using var reviewer = store.Client("reviewer");
        using var admin = store.Client("admin");
        var n = 0;
        string S() => HostileStrings.Pick(n++);
        var acknowledged = new List<(string Set, JsonElement Record)>();
        void Ack(JsonElement body)
        {
            foreach (var set in body.EnumerateObject())
                foreach (var record in set.Value.EnumerateArray()) acknowledged.Add((set.Name, record.Clone()));
        }

        for (var round = 0; round < HostileStrings.Valid.Length; round++)
        {
            var faction = $"H15R{round}";
            Ack(await Created(admin, "/api/factions", new JsonObject
            {
                ["id"] = faction, ["name"] = S(), ["short_name"] = S(), ["color"] = "#123456", ["aliases"] = new JsonArray(S(), S()),
            }.ToJsonString(Relaxed)));
            var source = $"h15-rt-src-{round}";
            Ack(await Created(editor, "/api/sources", new JsonObject
            {
                ["id"] = source, ["publisher"] = S(), ["title"] = S(), ["url"] = $"https://example.com/{round}?q=%E2%80%94&x='y'#f", ["published"] = "2020-01-02",
            }.ToJsonString(Relaxed)));
            var place = $"h15-rt-place-{round}";
            Ack(await Created(admin, "/api/places", new JsonObject
            {
                ["id"] = place, ["name"] = S(), ["names"] = new JsonArray(S(), S()), ["kind"] = "village", ["lon"] = 36.1 + round / 100.0, ["lat"] = 35.2,
                ["governorate"] = S(), ["district"] = S(), ["subdistrict"] = S(), ["pcode"] = S(), ["note"] = S(),
            }.ToJsonString(Relaxed)));
            var claim = (await Created(editor, "/api/changes", new JsonObject
            {
                ["place"] = place, ["faction"] = faction, ["valid_from"] = "2020-01-15", ["kind"] = "capture", ["status"] = "claimed", ["note"] = S(),
                ["sources"] = new JsonArray(new JsonObject { ["source"] = source, ["claimant"] = S() }),
            }.ToJsonString(Relaxed)));
            Ack(claim);
            var claimId = claim.GetProperty("changes")[0].GetProperty("id").GetString()!;
            var review = await Created(reviewer, $"/api/changes/{claimId}/review", new JsonObject { ["verdict"] = "disputed", ["note"] = S() }.ToJsonString(Relaxed));
            Ack(review);
            Ack(await Created(reviewer, $"/api/changes/{review.GetProperty("changes")[0].GetProperty("id").GetString()}/retract",
                new JsonObject { ["note"] = S() }.ToJsonString(Relaxed)));
        }

        var stored = store.Load();
        var checkedStrings = 0;
        foreach (var (set, record) in acknowledged)
        {
            var id = record.GetProperty("id").GetString()!;
            var canonical = set switch
            {
                "factions" => Canonical(w => RecordJson.WriteFaction(w, stored.Factions.Single(f => f.Id == id))),
                "sources" => Canonical(w => RecordJson.WriteSource(w, stored.Sources.Single(s => s.Id == id))),
                "places" => Canonical(w => RecordJson.WritePlace(w, stored.Places.Single(p => p.Id == id))),
                "changes" => Canonical(w => RecordJson.WriteChange(w, stored.Changes.Single(c => c.Id == id))),
                _ => throw new InvalidOperationException(set),
            };
            Assert.Equal(record.GetRawText(), canonical);
            checkedStrings += Strings(record).Count();
        }
        Assert.True(checkedStrings > 100, $"only {checkedStrings} strings compared");
        // And the server serves them as written (its own state, not only the store).
        var place0 = await Get(store.Client(), "/api/places/h15-rt-place-0");
        Assert.Equal(acknowledged.First(a => a.Set == "places").Record.GetProperty("name").GetString(), place0.GetProperty("place").GetProperty("name").GetString());
    }

    private static IEnumerable<string> Strings(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.String => [e.GetString()!],
        JsonValueKind.Object => e.EnumerateObject().SelectMany(p => Strings(p.Value)),
        JsonValueKind.Array => e.EnumerateArray().SelectMany(Strings),
        _ => [],
    };

    private static string Canonical(Action<Utf8JsonWriter> write)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
            write(w);
        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}

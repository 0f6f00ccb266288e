using System.Net;
using System.Text.Json;
using FrontlineMaps.Core.Storage;
using FrontlineMaps.Core.Domain;
using static FrontlineMaps.Server.Tests.Write.Http;

namespace FrontlineMaps.Server.Tests.Write;

/// <summary>The write API through real HTTP on a SQLite store: roles, reviews, retractions, validation, and the map after writes.</summary>
public class WriteApiTests(SqliteWriteServer server) : IClassFixture<SqliteWriteServer>
{
    private const string Source = "aranews-2015-10-14-aleppo";

    [Fact]
    public async Task A_reviewers_key_confirms_an_editors_claimed_change()
    {
        using var editor = server.Client("editor");
        using var reviewer = server.Client("reviewer");
        using var reader = server.Client();
        Assert.Equal("unknown", (await PlaceOn(reader, "abu-qalqal", "2020-03-01")).GetProperty("status").GetString());

        var claim = (await Created(editor, "/api/changes", Change("abu-qalqal", "SDF", "2020-03-01"))).GetProperty("changes")[0];
        Assert.Equal("editor", claim.GetProperty("recorded_by").GetString());
        var claimId = claim.GetProperty("id").GetString()!;
        var afterClaim = await PlaceOn(reader, "abu-qalqal", "2020-03-01");
        Assert.Equal("claimed", afterClaim.GetProperty("status").GetString());
        Assert.Equal("SDF", afterClaim.GetProperty("faction").GetString());
        var claimRecordedAt = claim.GetProperty("recorded_at").GetString()!;

        var review = (await Created(reviewer, $"/api/changes/{claimId}/review", """{"verdict":"confirmed","note":"Seen on two independent reports."}""")).GetProperty("changes")[0];
        Assert.Equal(claimId, review.GetProperty("reviews").GetString());
        Assert.Equal("confirmed", review.GetProperty("verdict").GetString());
        Assert.Equal("held", review.GetProperty("status").GetString());
        Assert.Equal("reviewer", review.GetProperty("recorded_by").GetString());

        var confirmed = await PlaceOn(reader, "abu-qalqal", "2020-03-01");
        Assert.Equal("held", confirmed.GetProperty("status").GetString());
        Assert.Equal("SDF", confirmed.GetProperty("faction").GetString());
        // The map as published between the claim and the review still shows the claim.
        var asPublished = await PlaceOn(reader, "abu-qalqal", "2020-03-01", claimRecordedAt);
        Assert.Equal("claimed", asPublished.GetProperty("status").GetString());

        // The review is itself a record in the log, with who and when; nothing was updated.
        var items = await Get(reader, $"/collections/changes/items?datetime=2020-03-01&limit=100");
        var ids = items.GetProperty("features").EnumerateArray().Select(f => f.GetProperty("id").GetString()).ToList();
        Assert.Contains(claimId, ids);
        Assert.Contains(review.GetProperty("id").GetString(), ids);

        // Confirming twice is refused, and an editor cannot review.
        await Problem(reviewer, $"/api/changes/{claimId}/review", """{"verdict":"confirmed"}""", 422, "id");
        await Problem(editor, $"/api/changes/{claimId}/review", """{"verdict":"disputed"}""", 403, "Authorization");
    }

    [Fact]
    public async Task A_disputed_claim_stays_a_claim_and_the_review_is_on_record()
    {
        using var editor = server.Client("editor");
        using var reviewer = server.Client("reviewer");
        var claimId = (await Created(editor, "/api/changes", Change("ad-daliyah", "ISIS", "2020-04-02")))
            .GetProperty("changes")[0].GetProperty("id").GetString()!;
        var review = (await Created(reviewer, $"/api/changes/{claimId}/review", """{"verdict":"disputed"}""")).GetProperty("changes")[0];
        Assert.Equal("claimed", review.GetProperty("status").GetString());
        Assert.Equal("claimed", (await PlaceOn(server.Client(), "ad-daliyah", "2020-04-02")).GetProperty("status").GetString());
        await Problem(reviewer, $"/api/changes/{claimId}/review", """{"verdict":"maybe"}""", 422, "verdict");
    }

    [Fact]
    public async Task A_reviewer_cannot_review_a_claim_recorded_with_the_same_key()
    {
        using var reviewer = server.Client("reviewer");
        var claimId = (await Created(reviewer, "/api/changes", Change("ad-dana", "HTS", "2020-04-03")))
            .GetProperty("changes")[0].GetProperty("id").GetString()!;
        await Problem(reviewer, $"/api/changes/{claimId}/review", """{"verdict":"confirmed"}""", 403, "id");
    }

    [Fact]
    public async Task A_retraction_is_a_new_record_and_the_map_before_it_is_still_available()
    {
        using var admin = server.Client("admin");
        using var reviewer = server.Client("reviewer");
        using var reader = server.Client();
        var fact = (await Created(reviewer, "/api/changes", Change("ad-darbasiyah", "SDF", "2020-05-01", status: "held"))).GetProperty("changes")[0];
        var factId = fact.GetProperty("id").GetString()!;
        Assert.Equal("held", (await PlaceOn(reader, "ad-darbasiyah", "2020-05-01")).GetProperty("status").GetString());

        var retraction = (await Created(reviewer, $"/api/changes/{factId}/retract", """{"note":"The report named another village."}""")).GetProperty("changes")[0];
        Assert.Equal(factId, retraction.GetProperty("retracts").GetString());
        Assert.Equal("retraction", retraction.GetProperty("kind").GetString());
        Assert.Equal("unknown", (await PlaceOn(reader, "ad-darbasiyah", "2020-05-01")).GetProperty("status").GetString());
        Assert.Equal("held", (await PlaceOn(reader, "ad-darbasiyah", "2020-05-01", fact.GetProperty("recorded_at").GetString())).GetProperty("status").GetString());

        await Problem(reviewer, $"/api/changes/{factId}/retract", "", 422, "id");                  // already retracted
        await Problem(reviewer, "/api/changes/no-such-record/retract", "{}", 422, "id");            // missing
        await Problem(server.Client("editor"), $"/api/changes/{factId}/retract", "{}", 403, "Authorization");
        Assert.Equal(HttpStatusCode.Created, (await Post(admin, "/api/changes", Change("ad-darbasiyah", "SDF", "2020-05-02", status: "held"))).Response.StatusCode);
    }

    [Fact]
    public async Task Retracting_a_retraction_puts_the_capture_back_on_the_map_and_known_at_between_them_still_shows_it_retracted()
    {
        const string place = "ad-dumayr", day = "2020-08-01";
        using var reviewer = server.Client("reviewer");
        using var reader = server.Client();
        var capture = (await Created(reviewer, "/api/changes", Change(place, "ISIS", day, status: "held"))).GetProperty("changes")[0];
        var captureId = capture.GetProperty("id").GetString()!;
        var x1 = (await Created(reviewer, $"/api/changes/{captureId}/retract", """{"note":"Wrong village."}""")).GetProperty("changes")[0];
        var x1Id = x1.GetProperty("id").GetString()!;
        var x1RecordedAt = x1.GetProperty("recorded_at").GetString()!;
        Assert.Equal("unknown", (await PlaceOn(reader, place, day)).GetProperty("status").GetString());
        await Problem(reviewer, $"/api/changes/{captureId}/retract", "{}", 422, "id");            // already retracted by x1

        // The retraction was the mistake: retract it.
        var x2 = (await Created(reviewer, $"/api/changes/{x1Id}/retract", """{"note":"It was the right village after all."}""")).GetProperty("changes")[0];
        var x2Id = x2.GetProperty("id").GetString()!;
        Assert.Equal(x1Id, x2.GetProperty("retracts").GetString());
        Assert.Equal("retraction", x2.GetProperty("kind").GetString());

        // Now: the capture counts again in the place's state, its history, the change items and the vector tile.
        var now = await PlaceOn(reader, place, day);
        Assert.Equal(("held", "ISIS"), (now.GetProperty("status").GetString(), now.GetProperty("faction").GetString()));
        var history = await Get(reader, $"/api/places/{place}/history");
        var retracted = history.GetProperty("records").EnumerateArray()
            .ToDictionary(r => r.GetProperty("id").GetString()!, r => r.GetProperty("retracted").GetBoolean());
        Assert.Equal(new Dictionary<string, bool> { [captureId] = false, [x1Id] = true, [x2Id] = false }, retracted);
        Assert.False((await Get(reader, $"/collections/changes/items/{captureId}")).GetProperty("properties").GetProperty("retracted").GetBoolean());
        Assert.True((await Get(reader, $"/collections/changes/items/{x1Id}")).GetProperty("properties").GetProperty("retracted").GetBoolean());
        Assert.Equal("ISIS", await TileFaction(reader, place, day, null));
        // The tile's changes layer (the viewer's "recently captured" rings) flags the withdrawn retraction, not the capture.
        var changes = await TileChanges(reader, place, day);
        Assert.False(changes[captureId]);
        Assert.True(changes[x1Id]);
        Assert.False(changes[x2Id]);

        // As published between the two retractions: retracted.
        var between = await PlaceOn(reader, place, day, x1RecordedAt);
        Assert.Equal("unknown", between.GetProperty("status").GetString());
        Assert.True((await Get(reader, $"/collections/changes/items/{captureId}?known_at={Uri.EscapeDataString(x1RecordedAt)}"))
            .GetProperty("properties").GetProperty("retracted").GetBoolean());
        Assert.Null(await TileFaction(reader, place, day, x1RecordedAt));

        // The capture stands again, so it can be retracted again (a third link in the chain).
        await Created(reviewer, $"/api/changes/{captureId}/retract", "{}");
        Assert.Equal("unknown", (await PlaceOn(reader, place, day)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task After_a_write_the_tiles_of_the_new_state_reuse_the_prepared_cells_and_show_the_write()
    {
        const string place = "ad-dumayr", day = "2020-09-01";
        using var reviewer = server.Client("reviewer");
        using var reader = server.Client();
        await TileFaction(reader, place, day, null); // the current state builds its tile encoder
        var before = server.Source.Current.TileEncoderIfBuilt;
        Assert.NotNull(before);

        await Created(reviewer, "/api/changes", Change(place, "SDF", day, status: "held"));
        Assert.Equal("SDF", await TileFaction(reader, place, day, null));
        var after = server.Source.Current.TileEncoderIfBuilt;
        Assert.NotNull(after);
        Assert.NotSame(before, after);
        Assert.Same(before!.PreparedCells, after!.PreparedCells);
    }

    /// <summary>The records at a place in the changes layer of its z10 vector tile, with whether each is flagged <c>retracted</c>.</summary>
    private static async Task<Dictionary<string, bool>> TileChanges(HttpClient client, string place, string day)
    {
        var (_, x, y) = await TileOf(client, place, 10);
        var tile = Tiles.Mvt.Parse(await client.GetByteArrayAsync($"/tiles/{day}/10/{x}/{y}.mvt"));
        var layer = Tiles.Mvt.Layer(tile, "changes")!;
        return layer.Features.Select(f => Tiles.Mvt.Attributes(layer, f)).Where(a => (string)a["place"] == place)
            .ToDictionary(a => (string)a["id"], a => a.TryGetValue("retracted", out var r) && (bool)r);
    }

    /// <summary>The <c>faction</c> attribute of a place in the places layer of its z10 vector tile, or null when it has none.</summary>
    private static async Task<string?> TileFaction(HttpClient client, string place, string day, string? knownAt)
    {
        const int z = 10;
        var (_, x, y) = await TileOf(client, place, z);
        var url = $"/tiles/{day}/{z}/{x}/{y}.mvt" + (knownAt is null ? "" : "?known_at=" + Uri.EscapeDataString(knownAt));
        var response = await client.GetAsync(url);
        Assert.True(response.IsSuccessStatusCode, $"GET {url}: {(int)response.StatusCode}");
        var tile = Tiles.Mvt.Parse(await response.Content.ReadAsByteArrayAsync());
        var layer = Tiles.Mvt.Layer(tile, "places")!;
        var feature = layer.Features.Select(f => Tiles.Mvt.Attributes(layer, f)).Single(a => (string)a["id"] == place);
        return feature.TryGetValue("faction", out var faction) ? (string)faction : null;
    }

    [Fact]
    public async Task Missing_wrong_and_revoked_keys_get_401_and_the_wrong_role_gets_403()
    {
        var body = Change("abu-az-zuhur", "SAA", "2020-01-05");
        using var anonymous = server.Client();
        var (response, _) = await Post(anonymous, "/api/changes", body);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.StartsWith("Bearer", response.Headers.WwwAuthenticate.ToString());
        await Problem(anonymous, "/api/changes", body, 401, "Authorization", r => r.Headers.TryAddWithoutValidation("Authorization", "Bearer flm_kdeadbeef0000_notakeyatallreally"));
        await Problem(anonymous, "/api/changes", body, 401, "Authorization", r => r.Headers.TryAddWithoutValidation("Authorization", "Basic dXNlcjpwYXNz"));
        await Problem(server.Client("revoked"), "/api/changes", body, 401, "Authorization");

        using var editor = server.Client("editor");
        await Problem(editor, "/api/places", """{"id":"new-place","name":"New","kind":"village","lon":37,"lat":36}""", 403, "Authorization");
        await Problem(editor, "/api/factions", """{"id":"X","name":"X","short_name":"X","color":"#123456"}""", 403, "Authorization");
        // An editor records claims; stating a fact needs a reviewer.
        await Problem(editor, "/api/changes", Change("abu-az-zuhur", "SAA", "2020-01-05", status: "held"), 403, "status");
        // Reading stays anonymous.
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/api/timeline")).StatusCode);
    }

    [Fact]
    public async Task Invalid_changes_get_422_naming_the_field_and_a_bad_batch_writes_nothing()
    {
        using var editor = server.Client("editor");
        var before = server.Source.Current.Dataset.Changes.Length;
        await Problem(editor, "/api/changes", Change("atlantis", "SAA", "2020-01-05"), 422, "place");
        await Problem(editor, "/api/changes", Change("abu-az-zuhur", "Martians", "2020-01-05"), 422, "faction");
        var tomorrow = DateTime.UtcNow.AddDays(2).ToString("yyyy-MM-dd");
        await Problem(editor, "/api/changes", Change("abu-az-zuhur", "SAA", tomorrow), 422, "valid_from");
        await Problem(editor, "/api/changes", Change("abu-az-zuhur", "SAA", "2020-13-45"), 422, "valid_from");
        await Problem(editor, "/api/changes", """{"place":"abu-az-zuhur","faction":"SAA","valid_from":"2020-01-05","kind":"capture","status":"claimed","sources":[]}""", 422, "sources");
        await Problem(editor, "/api/changes", Change("abu-az-zuhur", "SAA", "2020-01-05", source: "no-such-report"), 422, "sources[0].source");
        await Problem(editor, "/api/changes", Change("abu-az-zuhur", "SAA", "2020-01-05", extra: ",\"recorded_by\":\"someone-else\""), 422, "recorded_by");
        await Problem(editor, "/api/changes", Change("abu-az-zuhur", "SAA", "2020-01-05", extra: ",\"id\":\"has spaces\""), 422, "id");
        // Before the faction existed (HTS was founded in 2017).
        var founded = server.Source.Current.Factions["HTS"].ValidFrom;
        Assert.NotNull(founded);
        await Problem(editor, "/api/changes", Change("abu-az-zuhur", "HTS", founded.Value.AddDays(-30).ToString("yyyy-MM-dd")), 422, "valid_from");

        var batch = $"[{Change("abu-az-zuhur", "SAA", "2020-01-05")},{Change("abu-az-zuhur", "Martians", "2020-01-06")}]";
        await Problem(editor, "/api/changes", batch, 422, "changes[1].faction");
        await Problem(editor, "/api/changes", "{\"place\":", 400, "body");
        await Problem(editor, "/api/changes", "[]", 422, "body");
        Assert.Equal(before, server.Source.Current.Dataset.Changes.Length);

        var good = $"[{Change("abu-az-zuhur", "SAA", "2020-01-05")},{Change("abu-az-zuhur", "Rebels", "2020-01-06")}]";
        var written = await Created(editor, "/api/changes", good);
        Assert.Equal(2, written.GetProperty("changes").GetArrayLength());
        Assert.Equal(before + 2, server.Source.Current.Dataset.Changes.Length);
    }

    [Fact]
    public async Task An_admin_adds_a_faction_with_a_dated_alliance_and_alliances_that_end_before_they_start_or_overlap_are_refused()
    {
        using var admin = server.Client("admin");
        await Created(admin, "/api/factions",
            """{"id":"LDF-A","name":"Local Defence A","short_name":"LDF A","color":"#336699","allies":["SAA",{"faction":"Russia","from":"2016-01-01","to":"2018-06-01"}]}""");
        var ldf = server.Source.Current.Dataset.Factions.Single(f => f.Id == "LDF-A");
        Assert.Equal([new Alliance("SAA"), new Alliance("Russia", new DateOnly(2016, 1, 1), new DateOnly(2018, 6, 1))], ldf.Allies.ToArray());
        var t = server.Source.Current.Timeline;
        Assert.True(t.AreAllied(t.FactionIndex("LDF-A"), t.FactionIndex("Russia"), new DateOnly(2018, 5, 31)));
        Assert.False(t.AreAllied(t.FactionIndex("LDF-A"), t.FactionIndex("Russia"), new DateOnly(2018, 6, 1)));

        await Problem(admin, "/api/factions",
            """{"id":"LDF-B","name":"B","short_name":"B","color":"#336699","allies":[{"faction":"SAA","from":"2018-06-01","to":"2016-01-01"}]}""", 422, "allies[0].to");
        await Problem(admin, "/api/factions",
            """{"id":"LDF-C","name":"C","short_name":"C","color":"#336699","allies":[{"faction":"SAA","to":"2018-06-01"},{"faction":"SAA","from":"2018-05-01"}]}""", 422, "allies[1].from");
        await Problem(admin, "/api/factions",
            """{"id":"LDF-D","name":"D","short_name":"D","color":"#336699","allies":[{"faction":"SAA","since":"2016-01-01"}]}""", 422, "allies[0].since");
        Assert.DoesNotContain(server.Source.Current.Dataset.Factions, f => f.Id is "LDF-B" or "LDF-C" or "LDF-D");
    }

    [Fact]
    public async Task An_admin_adds_a_place_and_a_faction_and_editors_record_changes_there()
    {
        using var admin = server.Client("admin");
        using var editor = server.Client("editor");
        await Created(admin, "/api/factions", """{"id":"LDF","name":"Local Defence Forces","short_name":"LDF","color":"#336699","valid_from":"2013-01-01"}""");
        var place = await Created(admin, "/api/places", """{"id":"tall-test-aleppo","name":"Tall Test","names":["Tell Test"],"kind":"hill","lon":37.21,"lat":36.33,"note":"<script>alert(1)</script>"}""");
        Assert.Equal("tall-test-aleppo", place.GetProperty("places")[0].GetProperty("id").GetString());
        await Problem(admin, "/api/places", """{"id":"tall-test-aleppo","name":"Again","kind":"hill","lon":37,"lat":36}""", 422, "id");
        await Problem(admin, "/api/places", """{"id":"off-map","name":"Off","kind":"hill","lon":237,"lat":36}""", 422, "lon");
        await Problem(admin, "/api/factions", """{"id":"Bad","name":"Bad","short_name":"B","color":"red"}""", 422, "color");

        // A place younger than the data: nothing happened there before it existed.
        await Created(admin, "/api/places", """{"id":"new-camp-idlib","name":"New Camp","kind":"other","lon":36.7,"lat":36.1,"valid_from":"2019-06-01"}""");
        await Problem(editor, "/api/changes", Change("new-camp-idlib", "HTS", "2019-05-31"), 422, "valid_from");
        await Created(editor, "/api/changes", Change("new-camp-idlib", "HTS", "2019-06-01"));
        // ...nor before the faction existed.
        await Problem(editor, "/api/changes", Change("tall-test-aleppo", "LDF", "2012-12-31"), 422, "valid_from");

        await Created(editor, "/api/changes", Change("tall-test-aleppo", "LDF", "2020-06-01"));
        var props = await PlaceOn(server.Client(), "tall-test-aleppo", "2020-06-01");
        Assert.Equal("LDF", props.GetProperty("faction").GetString());
        Assert.Equal("claimed", props.GetProperty("status").GetString());
        // The note is data: the HTML page escapes it.
        var html = await server.Client().GetStringAsync("/collections/places/items/tall-test-aleppo?f=html");
        Assert.DoesNotContain("<script>alert(1)</script>", html);
    }

    [Fact]
    public async Task Tiles_and_snapshots_reflect_a_write_at_once()
    {
        using var reviewer = server.Client("reviewer");
        using var reader = server.Client();
        var before = await reader.GetAsync("/tiles/2020-07-01/5/19/12.mvt");
        var snapshotBefore = await reader.GetStringAsync("/snapshots/2020-07-01.geojson?layer=places");
        await Created(reviewer, "/api/changes", Change("abu-az-zuhur", "Turkey", "2020-07-01", status: "held"));
        var after = await reader.GetAsync("/tiles/2020-07-01/5/19/12.mvt");
        Assert.NotEqual(before.Headers.ETag?.Tag, after.Headers.ETag?.Tag);
        var snapshotAfter = await reader.GetStringAsync("/snapshots/2020-07-01.geojson?layer=places");
        Assert.NotEqual(snapshotBefore, snapshotAfter);
        using var doc = JsonDocument.Parse(snapshotAfter);
        var feature = doc.RootElement.GetProperty("features").EnumerateArray().Single(f => f.GetProperty("id").GetString() == "abu-az-zuhur");
        Assert.Equal("Turkey", feature.GetProperty("properties").GetProperty("faction").GetString());
    }

    [Fact]
    public async Task An_idempotency_key_makes_a_retried_post_return_the_first_result()
    {
        using var editor = server.Client("editor");
        var before = server.Source.Current.Dataset.Changes.Length;
        var body = Change("ad-dimas", "SNA", "2019-12-20");
        void Key(HttpRequestMessage r) => r.Headers.Add("Idempotency-Key", "retry-test-1");
        var (first, firstBody) = await Post(editor, "/api/changes", body, Key);
        var (second, secondBody) = await Post(editor, "/api/changes", body, Key);
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        Assert.Equal(firstBody.ToString(), secondBody.ToString());
        Assert.True(second.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal(before + 1, server.Source.Current.Dataset.Changes.Length);
        await Problem(editor, "/api/changes", Change("ad-dimas", "SNA", "2019-12-21"), 422, "Idempotency-Key", Key);
        // Another key's idempotency keys are its own.
        Assert.Equal(HttpStatusCode.Created, (await Post(server.Client("editor2"), "/api/changes", body, Key)).Response.StatusCode);
    }

    [Fact]
    public async Task A_stale_place_version_in_If_Match_gets_412()
    {
        using var editor = server.Client("editor");
        var get = await editor.GetAsync("/api/places/ad-dana");
        var etag = get.Headers.ETag!.Tag;
        var (ok, _) = await Post(editor, "/api/changes", Change("ad-dana", "SAA", "2020-08-01"), r => r.Headers.TryAddWithoutValidation("If-Match", etag));
        Assert.Equal(HttpStatusCode.Created, ok.StatusCode);
        var newTag = ok.Headers.ETag!.Tag;
        Assert.NotEqual(etag, newTag);
        // A second editor still holding the old version is refused; with the new one it goes through.
        await Problem(server.Client("editor2"), "/api/changes", Change("ad-dana", "Rebels", "2020-08-02"), 412, "If-Match", r => r.Headers.TryAddWithoutValidation("If-Match", etag));
        var (again, _) = await Post(server.Client("editor2"), "/api/changes", Change("ad-dana", "Rebels", "2020-08-02"), r => r.Headers.TryAddWithoutValidation("If-Match", newTag));
        Assert.Equal(HttpStatusCode.Created, again.StatusCode);
        Assert.Equal(again.Headers.ETag!.Tag, (await editor.GetAsync("/api/places/ad-dana")).Headers.ETag!.Tag);
    }

    [Fact]
    public async Task A_body_over_the_limit_gets_413_and_a_non_JSON_body_415()
    {
        using var editor = server.Client("editor");
        var huge = $"[{string.Join(',', Enumerable.Repeat(Change("ad-dimas", "SAA", "2020-01-01", extra: $",\"note\":\"{new string('x', 2000)}\""), 800))}]";
        await Problem(editor, "/api/changes", huge, 413, "body");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/changes") { Content = new StringContent("place=x", System.Text.Encoding.UTF8, "application/x-www-form-urlencoded") };
        var response = await editor.SendAsync(request);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
    }
}

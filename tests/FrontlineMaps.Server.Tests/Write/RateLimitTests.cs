using System.Net;
using static FrontlineMaps.Server.Tests.Write.Http;

namespace FrontlineMaps.Server.Tests.Write;

/// <summary>A server with small limits: three writes per key and two expensive reads per client a minute.</summary>
public sealed class RateLimitedServer : SqliteWriteServer
{
    /// <inheritdoc />
    protected override string[] Args =>
        ["--RateLimits:Writes:PermitLimit=3", "--RateLimits:Writes:WindowSeconds=60", "--RateLimits:ExpensiveReads:PermitLimit=2", "--RateLimits:ExpensiveReads:WindowSeconds=60"];
}

/// <summary>Rate limits through real HTTP: 429 with Retry-After, per key for writes, per client for expensive reads.</summary>
public class RateLimitTests(RateLimitedServer server) : IClassFixture<RateLimitedServer>
{
    [Fact]
    public async Task Writes_over_the_limit_get_429_with_Retry_After_and_other_keys_are_not_affected()
    {
        using var editor = server.Client("editor");
        for (var i = 0; i < 3; i++)
            await Created(editor, "/api/changes", Change("al-annazah", "SAA", $"2020-02-1{i}"));
        var (response, body) = await Post(editor, "/api/changes", Change("al-annazah", "SAA", "2020-02-14"));
        Assert.Equal((HttpStatusCode)429, response.StatusCode);
        Assert.True(response.Headers.RetryAfter?.Delta > TimeSpan.Zero, "Retry-After in seconds");
        Assert.Equal(429, body.GetProperty("status").GetInt32());
        Assert.Equal("https://www.rfc-editor.org/rfc/rfc6585#section-4", body.GetProperty("type").GetString());
        await Created(server.Client("editor2"), "/api/changes", Change("al-annazah", "SAA", "2020-02-15"));
        // Cheap reads are not limited.
        for (var i = 0; i < 5; i++) Assert.Equal(HttpStatusCode.OK, (await editor.GetAsync("/api/timeline")).StatusCode);
    }

    [Fact]
    public async Task Expensive_reads_over_the_limit_get_429_with_Retry_After()
    {
        using var reader = server.Client();
        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync("/snapshots/2020-12-25.geojson?layer=territory")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync("/api/stats/area?from=2020-01-01&to=2020-12-31&step=month")).StatusCode);
        var third = await reader.GetAsync("/snapshots/2020-12-25.geojson?layer=frontlines");
        Assert.Equal((HttpStatusCode)429, third.StatusCode);
        Assert.NotNull(third.Headers.RetryAfter);
        Assert.Equal("application/problem+json", third.Content.Headers.ContentType?.MediaType);
        using var problem = System.Text.Json.JsonDocument.Parse(await third.Content.ReadAsStringAsync());
        Assert.Equal("https://www.rfc-editor.org/rfc/rfc6585#section-4", problem.RootElement.GetProperty("type").GetString());
    }
}

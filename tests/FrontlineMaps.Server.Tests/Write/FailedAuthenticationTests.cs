using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using static FrontlineMaps.Server.Tests.Write.Http;

namespace FrontlineMaps.Server.Tests.Write;

/// <summary>A SQLite write server that allows 5 failed authentications per address per minute.</summary>
public sealed class StrictAuthenticationServer : SqliteWriteServer
{
    /// <inheritdoc />
    protected override string[] Args => ["--RateLimits:FailedAuthentication:PermitLimit=5", "--RateLimits:FailedAuthentication:WindowSeconds=60"];
}

/// <summary>Issue 15 item 12: failed authentication is limited per client address, with 429 and Retry-After.</summary>
public class FailedAuthenticationTests(StrictAuthenticationServer server) : IClassFixture<StrictAuthenticationServer>
{
    [Fact]
    public async Task Too_many_wrong_keys_from_one_address_get_429_with_retry_after_even_for_the_right_key_while_reads_go_on()
    {
        using var wrong = server.Client();
        var realId = server.Tokens["editor"].Split('_')[1];
        for (var i = 0; i < 5; i++)
        {
            wrong.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", $"flm_{realId}_{new string((char)('A' + i), 43)}");
            await Problem(wrong, "/api/sources", """{"id":"fa-src","publisher":"P","title":"T"}""", 401, "Authorization");
        }
        var (response, body) = await Post(wrong, "/api/sources", """{"id":"fa-src","publisher":"P","title":"T"}""");
        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        var retryAfter = int.Parse(response.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(retryAfter, 1, 60);
        Assert.Equal("Authorization", body.GetProperty("parameter").GetString());
        Assert.Equal("https://www.rfc-editor.org/rfc/rfc6585#section-4", body.GetProperty("type").GetString());

        // While locked out, the right key is not even looked up.
        using var editor = server.Client("editor");
        var (locked, _) = await Post(editor, "/api/sources", """{"id":"fa-src-2","publisher":"P","title":"T"}""");
        Assert.Equal(HttpStatusCode.TooManyRequests, locked.StatusCode);
        Assert.True(locked.Headers.Contains("Retry-After"));
        // Reading needs no key and is not limited.
        using var reader = server.Client();
        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync("/api/timeline")).StatusCode);
        Assert.Null(server.Source.Current.Sources.GetValueOrDefault("fa-src-2"));
    }
}

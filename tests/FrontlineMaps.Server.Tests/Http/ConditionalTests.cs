using FrontlineMaps.Server.Http;
using Microsoft.AspNetCore.Http;

namespace FrontlineMaps.Server.Tests.Http;

public sealed class ConditionalTests
{
    private static HttpRequest Request(string header, string value)
    {
        var context = new DefaultHttpContext();
        context.Request.Headers[header] = value;
        return context.Request;
    }

    [Theory]
    [InlineData("\"a-1\"", "\"a-1\"", true)]
    [InlineData("\"b-2\", \"a-1\"", "\"a-1\"", true)]
    [InlineData("W/\"a-1\"", "\"a-1\"", true)]
    [InlineData("\"a-1\"", "W/\"a-1\"", true)]
    [InlineData("*", "\"a-1\"", true)]
    [InlineData("\"a-10\"", "\"a-1\"", false)]
    [InlineData("\"a-1-gz\"", "\"a-1\"", false)]
    public void If_None_Match_compares_each_listed_tag_weakly(string header, string etag, bool matches) =>
        Assert.Equal(matches, Conditional.IfNoneMatch(Request("If-None-Match", header), etag));

    [Fact]
    public void A_request_without_If_None_Match_matches_nothing() =>
        Assert.False(Conditional.IfNoneMatch(new DefaultHttpContext().Request, "\"a-1\""));

    [Theory]
    [InlineData("gzip, deflate, br", true)]
    [InlineData("br;q=1.0, GZIP;q=0.5", true)]
    [InlineData("*", true)]
    [InlineData("gzip;q=0", false)]
    [InlineData("br, identity", false)]
    public void Gzip_is_accepted_when_named_or_starred_with_a_quality_above_zero(string header, bool accepted) =>
        Assert.Equal(accepted, Conditional.AcceptsGzip(Request("Accept-Encoding", header)));

    [Theory]
    [InlineData("2f7b131ec3464b8afdaccfe894d2dde5", "2f7b131ec3464b8afdaccfe894d2dde5")]
    [InlineData("v1.2_beta-3", "v1.2_beta-3")]
    [InlineData("a\"b c", "abc")]
    public void A_data_version_keeps_its_safe_characters_in_the_ETag_token(string version, string token) =>
        Assert.Equal(token, FrontlineMaps.Core.Domain.DataToken.Of(version));

    [Fact]
    public void A_data_version_with_no_safe_character_becomes_a_stable_hash()
    {
        var token = FrontlineMaps.Core.Domain.DataToken.Of("\"\" \"");
        Assert.Matches("^[0-9a-f]{8}$", token);
        Assert.Equal(token, FrontlineMaps.Core.Domain.DataToken.Of("\"\" \""));
        Assert.NotEqual(token, FrontlineMaps.Core.Domain.DataToken.Of("\" \""));
    }
}

namespace FrontlineMaps.Server.Tests.Ogc;

public class OgcErrorTests(ServerFactory factory) : IClassFixture<ServerFactory>
{
    [Theory]
    [InlineData("/collections/places/items?datetime=2019-13-45", 400, "datetime")]
    [InlineData("/collections/places/items?datetime=yesterday", 400, "datetime")]
    [InlineData("/collections/changes/items?datetime=2020-01-01/2019-01-01", 400, "datetime")]
    [InlineData("/collections/changes/items?datetime=../..", 400, "datetime")]
    [InlineData("/collections/places/items?bbox=38,35,37,36,1", 400, "bbox")]
    [InlineData("/collections/places/items?bbox=37,36,38,35", 400, "bbox")]
    [InlineData("/collections/places/items?bbox=37,35,190,36", 400, "bbox")]
    [InlineData("/collections/places/items?bbox=37,-95,38,36", 400, "bbox")]
    [InlineData("/collections/places/items?bbox=1,2,3", 400, "bbox")]
    [InlineData("/collections/places/items?bbox=", 400, "bbox")] // an empty value is bound as given, and refused
    [InlineData("/collections/places/items?limit=0", 400, "limit")]
    [InlineData("/collections/places/items?limit=-5", 400, "limit")]
    [InlineData("/collections/places/items?limit=ten", 400, "limit")]
    [InlineData("/collections/places/items?offset=-1", 400, "offset")]
    [InlineData("/collections/places/items?colour=red", 400, "colour")]
    [InlineData("/collections/frontlines/items?status=held", 400, "status")]
    [InlineData("/collections/places/items?status=won", 400, "status")]
    [InlineData("/collections/places/items?faction=Martians", 400, "faction")]
    [InlineData("/collections/places/items?f=xml", 400, "f")]
    [InlineData("/collections/places/items?known_at=someday", 400, "known_at")]
    [InlineData("/collections/places/items?limit=1&limit=2", 400, "limit")]
    [InlineData("/collections/places/items/ejaz-idlib?bbox=1,2,3,4", 400, "bbox")]
    [InlineData("/conformance?foo=1", 400, "foo")]
    [InlineData("/collections/rivers", 404, "collectionId")]
    [InlineData("/collections/rivers/items", 404, "collectionId")]
    [InlineData("/collections/rivers/items/x", 404, "collectionId")]
    [InlineData("/collections/places/items/atlantis", 404, "featureId")]
    [InlineData("/collections/changes/items/no-such-record", 404, "featureId")]
    [InlineData("/collections/territory/items/SAA:won", 404, "featureId")]
    [InlineData("/collections/frontlines/items/SAA%7CSAA", 404, "featureId")]
    [InlineData("/collections/factions/items/Martians", 404, "featureId")]
    [InlineData("/collections/changes/items/r002-ejaz-saa-capture?known_at=2020-01-01", 404, "featureId")]
    [InlineData("/collections/places/items?datetime=1990-06-01", 422, "datetime")]
    [InlineData("/collections/territory/items?datetime=2999-01-01", 422, "datetime")]
    [InlineData("/collections/changes/items?datetime=1990-01-01/1999-12-01", 422, "datetime")]
    [InlineData("/collections/places/items/ejaz-idlib?datetime=1990-06-01", 422, "datetime")]
    public async Task Every_bad_request_is_a_problem_with_the_right_status_naming_the_parameter(string url, int status, string parameter) =>
        await Ogc.AssertProblem(factory.CreateClient(), url, status, parameter);

    [Theory]
    [InlineData("/collections/places/items?offset=1000000")]
    [InlineData("/collections/places/items?offset=2147483647&limit=10000")]
    [InlineData("/collections/factions/items?bbox=-180,-90,180,90")]
    [InlineData("/collections/places/items?known_at=9999-12-31&limit=10000")]
    [InlineData("/collections/places/items?known_at=0001-01-01&limit=10000")]
    [InlineData("/collections/changes/items?datetime=2019-12-02/&limit=10000")]
    [InlineData("/collections/changes/items?datetime=/2019-12-02&limit=10000")]
    [InlineData("/collections/territory/items?faction=contested&datetime=2019-12-02")]
    public async Task Edge_requests_answer_200_not_500(string url)
    {
        var page = await Ogc.GetJson(factory.CreateClient(), url, "application/geo+json");
        Assert.Equal(page.GetProperty("numberReturned").GetInt32(), Ogc.FeatureIds(page).Count);
        Assert.Null(Ogc.Link(page, "next"));
    }
}

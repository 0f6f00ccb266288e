namespace FrontlineMaps.Server.Tests;

public class SkeletonTests(ServerFactory factory) : IClassFixture<ServerFactory>
{
    [Fact]
    public async Task An_unknown_path_is_a_404_problem()
    {
        var response = await factory.CreateClient().GetAsync("/no/such/path");
        Assert.Equal(System.Net.HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}

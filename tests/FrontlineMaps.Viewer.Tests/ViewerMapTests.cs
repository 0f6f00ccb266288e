namespace FrontlineMaps.Viewer.Tests;

[Collection(ViewerCollection.Name)]
public class ViewerMapTests(ViewerFixture server)
{
    [Fact]
    public async Task The_viewer_opens_the_date_in_the_url_and_draws_its_villages_with_no_console_errors()
    {
        var v = await server.OpenAsync("/?date=2019-12-02&map=9/35.62/36.93");
        await v.WaitReadyAsync();
        Assert.Equal("2019-12-02", await v.DateAsync());
        var places = await v.RenderedPlacesAsync();
        await v.ScreenshotAsync("viewer-2019-12-02");
        Assert.True(places.ContainsKey("ejaz-idlib"), "Ejaz is drawn: " + string.Join(", ", places.Keys.Take(20)));
        Assert.Equal("contested", places["ejaz-idlib"].Status);
        Assert.Equal("2 December 2019", await v.Page.InnerTextAsync("#date-label"));
        Assert.True(await v.RenderedCountAsync("labels") > 0, "town names are drawn (with the bundled font)");
        Assert.Empty(v.Problems);
    }
}

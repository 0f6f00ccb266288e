namespace FrontlineMaps.Viewer.Tests;

/// <summary>The viewer on the embedded dataset as a newcomer gets it: all of Syria, every village, and the war's history.</summary>
public sealed class CountryFixture : ViewerFixture
{
    /// <inheritdoc />
    protected override string[] ServerArgs => ["--Store:Provider=memory", "--Store:Seed=" + RepoPaths.InRepo("data")]; // after the fixture's seed: this one wins
}

[CollectionDefinition(Name)]
public sealed class CountryCollection : ICollectionFixture<CountryFixture>
{
    /// <summary>Collection name.</summary>
    public const string Name = "country";
}

[Collection(CountryCollection.Name)]
public class CountryViewerTests(CountryFixture server)
{
    [Fact]
    public async Task The_first_view_shows_the_whole_country_with_a_controller_for_most_villages_on_the_latest_date()
    {
        var v = await server.OpenAsync("/?date=2026-01-30");
        await v.WaitReadyAsync();
        var places = await v.RenderedPlacesAsync();
        var held = places.Values.Count(p => p.Faction is not null);
        Assert.True(places.Count > 3000, $"only {places.Count} places drawn");
        Assert.True(held > places.Count / 2, $"{held} of {places.Count} drawn places have a controller");
        foreach (var faction in new[] { "SyrianGov2025", "SDF", "SNA", "Druze" })
            Assert.Contains(places.Values, p => p.Faction == faction);
        await v.ScreenshotAsync("country-2026-01-30");
        Assert.Empty(v.Problems);
    }

    [Fact]
    public async Task A_moment_of_the_history_shows_the_fronts_of_that_day()
    {
        // Aleppo, December 2016: the government retakes the east of the city.
        var v = await server.OpenAsync("/?date=2016-12-15&map=8/36.2/37.2");
        await v.WaitReadyAsync();
        var places = await v.RenderedPlacesAsync();
        Assert.Contains(places.Values, p => p.Faction == "SAA");
        await v.ScreenshotAsync("history-2016-12-15-aleppo");
        Assert.Empty(v.Problems);
    }
}

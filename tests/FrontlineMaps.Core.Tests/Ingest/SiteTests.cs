using System.Globalization;
using FrontlineMaps.Core.Domain;
using FrontlineMaps.Core.Ingest;

namespace FrontlineMaps.Core.Tests.Ingest;

/// <summary>
/// Sites (bases, airports, dams, prisons, citadels, checkpoints): named by a name and a site word, by a number, by a site
/// word and the place it lies in, or by a possessive; resolved to the gazetteer's site when there is one, never to the
/// town they are named after. Sentences of our own; the sites below are test entries added to the shared gazetteer.
/// </summary>
[Collection("ingest")]
public class SiteTests(IngestFixture fx)
{
    private static readonly Lock Gate = new();
    private static ReportIngester? _withSites;

    private static readonly Place[] Sites =
    [
        new("test-taftanaz-airbase", "Taftanaz air base", ["Taftanaz airbase"], PlaceKind.Base, 36.78, 35.975, new AdminUnits("Idleb", null, null, null)),
        new("test-kuweires-airbase", "Kuweires air base", ["Kuweires", "Kuwayris air base"], PlaceKind.Base, 37.583, 36.187, new AdminUnits("Aleppo", null, null, null)),
        new("test-base-46", "Base 46 (al-Atarib)", ["Base 46", "Regiment 46"], PlaceKind.Base, 36.9, 36.13, new AdminUnits("Aleppo", null, null, null)),
        new("test-brigade-52", "Brigade 52 base", ["Brigade 52", "52nd Brigade"], PlaceKind.Base, 36.3, 32.8, new AdminUnits("Dar'a", null, null, null)),
        new("test-homs-old-city", "Old City of Homs", ["Homs Old City"], PlaceKind.Other, 36.72, 34.73, new AdminUnits("Homs", null, null, null)),
    ];

    private ReportIngester Ingester
    {
        get
        {
            lock (Gate) return _withSites ??= new ReportIngester(fx.Factions, [.. fx.Gazetteer, .. Sites]);
        }
    }

    private IReadOnlyList<CandidateFact> Read(string text, string published = "2015-06-10") =>
        Ingester.Ingest(text, new ReportInfo(DateOnly.Parse(published, CultureInfo.InvariantCulture))).Facts;

    [Fact]
    public void A_site_the_gazetteer_holds_resolves_to_the_site_and_not_to_the_town_it_is_named_after()
    {
        var f = Assert.Single(Read("Jihadist and rebel fighters overran the Taftanaz air base on Friday."));
        Assert.Equal(("Taftanaz air base", "test-taftanaz-airbase", "capture"), (f.PlaceText, f.Place?.Id, f.Kind));
    }

    [Fact]
    public void A_site_is_found_under_another_word_of_its_kind()
    {
        var f = Assert.Single(Read("Government troops took control of the Kuweires military airport on Tuesday after a long push."));
        Assert.Equal("test-kuweires-airbase", f.Place?.Id);
    }

    [Fact]
    public void Bases_named_by_a_number_are_sites()
    {
        var facts = Read("Rebels took Base 46 and the 52nd Brigade base on Sunday.");
        Assert.Equal(["test-base-46", "test-brigade-52"], facts.Select(f => f.Place?.Id));
        Assert.All(facts, f => Assert.Equal(("Rebels", "capture"), (f.FactionId, f.Kind)));
    }

    [Fact]
    public void A_site_word_with_the_place_it_lies_in_is_the_site_with_that_place_as_its_hint()
    {
        var f = Assert.Single(Read("Government forces retook the citadel of Palmyra from Islamic State fighters on Sunday."));
        Assert.Equal(("citadel of Palmyra", "unresolved", "SAA"), (f.PlaceText, f.Resolution, f.FactionId));
        Assert.Equal("tadmur", f.Near?.Id);
    }

    [Fact]
    public void A_quarter_named_with_its_city_resolves_to_the_quarter() =>
        Assert.Equal("test-homs-old-city", Assert.Single(Read("Government troops took control of the Old City of Homs on Saturday.", "2014-05-10")).Place?.Id);

    [Fact]
    public void A_possessive_names_the_site_of_a_town_and_not_the_town()
    {
        var f = Assert.Single(Read("Rebels stormed Hama's central prison on Monday, activists said."));
        Assert.Equal(("Hama's central prison", "Rebels", "capture"), (f.PlaceText, f.FactionId, f.Kind));
    }

    [Fact]
    public void A_settlement_whose_name_holds_a_site_word_stays_the_settlement()
    {
        var f = Assert.Single(Read("The army captured Tell Dam on Thursday.", "2019-12-20"));
        Assert.Equal("tal-dam-idlib", f.Place?.Id);
    }

    [Fact]
    public void Striking_or_shelling_a_site_gives_no_fact() =>
        Assert.Empty(Read("Jets bombed the Taftanaz air base and shelled the citadel of Palmyra on Friday."));

    [Fact]
    public void The_base_or_the_dam_refers_back_to_the_last_site_of_its_kind()
    {
        var facts = Read("Rebels attacked the Taftanaz air base on Monday. Government troops fought on, but the rebels seized the base on Friday.");
        var f = Assert.Single(facts);
        Assert.Equal(("Taftanaz air base", "test-taftanaz-airbase", "Rebels", "capture"), (f.PlaceText, f.Place?.Id, f.FactionId, f.Kind));
        Assert.Empty(Read("Rebels attacked the Taftanaz air base on Monday. Government troops seized the dam on Friday."));
    }
}

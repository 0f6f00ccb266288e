using System.Collections.Immutable;
using FrontlineMaps.Core.Domain;
using FrontlineMaps.Core.Ingest;
using FrontlineMaps.Core.Storage;
using FrontlineMaps.Core.Tests.Import;

namespace FrontlineMaps.Core.Tests.Ingest;

/// <summary>
/// Ingesters built once per test run: over the reports dataset's places (tests/data/reports) merged with the OCHA and Wikipedia gazetteers of
/// ../shared, and over the same gazetteers without the places the five reports name (to measure how the ingester
/// does on names nobody curated).
/// </summary>
public sealed class IngestFixture
{
    public static readonly string Ocha = SharedData.Path("data", "gazetteer", "ocha-syria-communities-2015.geojson");
    public static readonly string Wikipedia = SharedData.Path("data", "gazetteer", "wikipedia-syria-detailed-map-2026-01-30.json");
    public static readonly string Governorates = SharedData.Path("data", "admin", "governorates.json");

    public IngestFixture()
    {
        var dataset = ReportsFixture.Load();
        var aliases = IngestGazetteer.ReadGovernorateAliases(Governorates);
        Gazetteer = IngestGazetteer.Build(dataset.Places, [Ocha, Wikipedia]);
        Full = new ReportIngester(dataset.Factions, Gazetteer, aliases);
        var reportPlaces = dataset.Changes.Select(c => c.PlaceId).ToHashSet(StringComparer.Ordinal);
        Uncurated = new ReportIngester(dataset.Factions, IngestGazetteer.Build([.. dataset.Places.Where(p => !reportPlaces.Contains(p.Id))], [Ocha, Wikipedia]), aliases);
        Factions = dataset.Factions;
    }

    public ImmutableArray<Place> Gazetteer { get; }

    public ReportIngester Full { get; }

    public ReportIngester Uncurated { get; }

    public ImmutableArray<Faction> Factions { get; }
}

[CollectionDefinition("ingest")]
public sealed class IngestCollection : ICollectionFixture<IngestFixture>;

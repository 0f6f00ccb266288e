namespace FrontlineMaps.Core.Generation;

/// <summary>
/// Parameters of <see cref="DatasetGenerator.Generate"/>. The defaults mirror the PostGIS benchmark dataset
/// (<c>../shared/bench/postgis</c>): 50,000 villages uniformly in lon 35.5–42.5, lat 32.3–37.4, about 1,000,000 control
/// changes between 2011-01-01 and 2024-12-31, 6 factions.
/// </summary>
public sealed record GeneratorOptions
{
    /// <summary>Number of places (villages) to generate.</summary>
    public int Places { get; init; } = 50_000;

    /// <summary>Total number of control changes (initial states, captures, confirmations, contested and claimed records).</summary>
    public int Changes { get; init; } = 1_000_000;

    /// <summary>Seed of the pseudo-random generator: the same options give the same dataset.</summary>
    public int Seed { get; init; } = 42;

    /// <summary>Number of factions (ids <c>F1</c>..<c>Fk</c>); at least 2.</summary>
    public int Factions { get; init; } = 6;

    /// <summary>Western edge of the extent, degrees.</summary>
    public double MinLon { get; init; } = 35.5;

    /// <summary>Eastern edge of the extent, degrees.</summary>
    public double MaxLon { get; init; } = 42.5;

    /// <summary>Southern edge of the extent, degrees.</summary>
    public double MinLat { get; init; } = 32.3;

    /// <summary>Northern edge of the extent, degrees.</summary>
    public double MaxLat { get; init; } = 37.4;

    /// <summary>First day of the valid-time range (the day of every place's initial state).</summary>
    public DateOnly From { get; init; } = new(2011, 1, 1);

    /// <summary>Last day (inclusive) of the valid-time range.</summary>
    public DateOnly To { get; init; } = new(2024, 12, 31);

    /// <summary>
    /// Average number of places per moving seed (the centre of a faction's region). Smaller values give more, smaller
    /// regions and therefore more front-line pairs; the default gives about 20% of neighbouring pairs on a front.
    /// </summary>
    public double PlacesPerRegion { get; init; } = 40;

    /// <summary>Optional progress callback, called with a fraction in [0, 1] from the calling thread.</summary>
    public Action<double>? Progress { get; init; }

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> when an option is out of range.</summary>
    public void Validate()
    {
        if (Places < 0) throw new ArgumentOutOfRangeException(nameof(Places), Places, "must not be negative");
        if (Changes < 0) throw new ArgumentOutOfRangeException(nameof(Changes), Changes, "must not be negative");
        if (Factions < 2 || Factions > 999) throw new ArgumentOutOfRangeException(nameof(Factions), Factions, "must be between 2 and 999");
        if (!(MinLon < MaxLon) || MinLon < -180 || MaxLon > 180) throw new ArgumentOutOfRangeException(nameof(MinLon), $"{MinLon}..{MaxLon}", "invalid longitude range");
        if (!(MinLat < MaxLat) || MinLat < -90 || MaxLat > 90) throw new ArgumentOutOfRangeException(nameof(MinLat), $"{MinLat}..{MaxLat}", "invalid latitude range");
        if (To < From) throw new ArgumentOutOfRangeException(nameof(To), To, "must not be before From");
        if (!(PlacesPerRegion >= 1)) throw new ArgumentOutOfRangeException(nameof(PlacesPerRegion), PlacesPerRegion, "must be at least 1");
        long days = To.DayNumber - From.DayNumber + 1;
        if (Changes > 0 && Places == 0) throw new ArgumentOutOfRangeException(nameof(Changes), Changes, "changes need at least one place");
        // At most one change per place and day, and each place's gaps are shared between confirmations and the records
        // that precede captures: half of all place-days is a safe upper bound.
        if (Changes > Math.Max((long)Places, (long)Places * days / 2))
            throw new ArgumentOutOfRangeException(nameof(Changes), Changes, $"too many changes for {Places} places over {days} days");
    }
}

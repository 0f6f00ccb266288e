namespace FrontlineMaps.Core.Encoders.Mvt;

/// <summary>The layers of a vector tile.</summary>
[Flags]
public enum TileLayers
{
    /// <summary>No layer.</summary>
    None = 0,
    /// <summary><c>places</c>: one point per place with its state (contract "place").</summary>
    Places = 1,
    /// <summary><c>territory</c>: polygons per faction and status (contract "territory").</summary>
    Territory = 2,
    /// <summary><c>frontlines</c>: lines per pair of non-allied factions (contract "front line").</summary>
    Frontlines = 4,
    /// <summary><c>changes</c>: the records of the 30 days up to the map's state, at their place (contract "change").</summary>
    Changes = 8,
    /// <summary>Places, territory and front lines (the three map layers).</summary>
    Map = Places | Territory | Frontlines,
    /// <summary>Every layer.</summary>
    All = Places | Territory | Frontlines | Changes,
}

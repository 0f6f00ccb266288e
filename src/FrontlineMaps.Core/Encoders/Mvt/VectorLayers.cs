namespace FrontlineMaps.Core.Encoders.Mvt;

/// <summary>A layer of the vector tiles as TileJSON describes it.</summary>
/// <param name="Id">Layer name in the tiles.</param>
/// <param name="Description">What the features are.</param>
/// <param name="MinZoom">Lowest zoom it is meant for.</param>
/// <param name="MaxZoom">Highest zoom with its own data.</param>
/// <param name="Fields">Attribute name → type and description.</param>
public sealed record VectorLayerInfo(string Id, string Description, int MinZoom, int MaxZoom, IReadOnlyList<KeyValuePair<string, string>> Fields);

/// <summary>The layers and attributes <see cref="VectorTileEncoder"/> writes (the TileJSON <c>vector_layers</c>).</summary>
public static class VectorLayers
{
    /// <summary>
    /// The deepest zoom with distinct data, the TileJSON <c>maxzoom</c> of every layer: deeper tiles only magnify, so clients
    /// overzoom the tiles of this zoom.
    /// </summary>
    public const int MaxDataZoom = 14;

    /// <summary>
    /// The deepest zoom the tile endpoints answer, deeper than <see cref="MaxDataZoom"/> for clients that ask for tiles beyond
    /// the TileJSON <c>maxzoom</c> instead of overzooming.
    /// </summary>
    public const int MaxServedZoom = 16;

    /// <summary>The <see cref="TileLayers"/> flag of a layer id; <see cref="TileLayers.None"/> for an unknown id.</summary>
    public static TileLayers FlagOf(string id) => id switch
    {
        "places" => TileLayers.Places,
        "territory" => TileLayers.Territory,
        "frontlines" => TileLayers.Frontlines,
        "changes" => TileLayers.Changes,
        _ => TileLayers.None,
    };

    private static KeyValuePair<string, string> F(string name, string text) => new(name, text);

    /// <summary>Every layer, in the order tiles hold them.</summary>
    public static IReadOnlyList<VectorLayerInfo> All { get; } =
    [
        new("places", "One point per place with its control at the date (contract 'place'; arrays as comma-joined strings).", 0, MaxDataZoom,
        [
            F("id", "String: stable place id"),
            F("name", "String: preferred Latin name"),
            F("names", "String: alternate spellings and other scripts, comma-joined (absent when none)"),
            F("kind", "String: city, town, village, hamlet, hill, base or other"),
            F("faction", "String: id of the faction shown as controller (absent when none)"),
            F("faction_name", "String: full name of that faction"),
            F("status", "String: held, contested, claimed or unknown"),
            F("since", "String: first day of the current state, YYYY-MM-DD (absent when unknown)"),
            F("last_confirmed", "String: last day a confirmed report supported the state, YYYY-MM-DD (absent when none)"),
            F("sources", "Number: citations behind the current state"),
            F("factions", "String: every party (faction ids, comma-joined)"),
            F("approximate", "Boolean: present and true when the location was placed from a description"),
        ]),
        new("territory", "Ground per faction and status (contract 'territory'): the dissolved cells of its places, clipped to the tile.", 0, MaxDataZoom,
        [
            F("faction", "String: faction id, or 'contested'"),
            F("status", "String: held, claimed or contested"),
            F("area_km2", "Number: area (km²) of the class's cells that touch this tile"),
            F("place_count", "Number: places whose cells make up this piece"),
            F("places", "String: their ids, comma-joined (only when at most 50)"),
        ]),
        new("frontlines", "Where two non-allied factions meet (contract 'front line'), clipped to the tile.", 0, MaxDataZoom,
        [
            F("factions", "String: the two faction ids, sorted, as 'A|B'"),
            F("faction_a", "String: the first faction id"),
            F("faction_b", "String: the second faction id"),
            F("length_km", "Number: length (km) of the front edges that touch this tile"),
            F("place_count", "Number: places on either side"),
            F("places", "String: their ids, comma-joined (only when at most 50)"),
        ]),
        new("changes", "Control records of the 30 days ending with the map's last change, at their place (contract 'change').", 0, MaxDataZoom,
        [
            F("id", "String: record id"),
            F("place", "String: place id"),
            F("faction", "String: faction id (absent for a retraction)"),
            F("kind", "String: capture, confirmation or retraction"),
            F("status", "String: held, contested or claimed"),
            F("claim_of", "String: for a claim, what is claimed (held or contested)"),
            F("valid_from", "String: YYYY-MM-DD or YYYY-MM-DDTHH:MMZ"),
            F("valid_to_approx", "String: last day of an approximate range"),
            F("sources", "String: source ids, comma-joined"),
            F("recorded_at", "String: RFC 3339 instant it was recorded"),
            F("recorded_by", "String: editor"),
            F("retracts", "String: id of the record it withdraws"),
            F("reviews", "String: on a review, id of the claim it reviews"),
            F("verdict", "String: on a review, confirmed or disputed"),
            F("retracted", "Boolean: true when a standing retraction withdraws the record (absent otherwise)"),
        ]),
    ];
}

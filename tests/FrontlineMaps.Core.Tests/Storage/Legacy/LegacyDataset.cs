using FrontlineMaps.Core.Domain;
using FrontlineMaps.Core.Storage;

namespace FrontlineMaps.Core.Tests.Storage;

/// <summary>
/// The content of <c>Legacy/hand-written-layout.sql</c>: <see cref="Fixtures.Small"/> plus a place with a start date and a
/// confirmed review of a claim (the fields later builds added to the hand-written layout), one API key (revoked) and one
/// idempotency record with its headers. The SQL file is the <c>sqlite3 .dump</c> of the database the last build with the
/// hand-written layout made of it (commit f6f6b04, <c>SqliteStore.Import</c> then <c>Append</c>).
/// </summary>
internal static class LegacyDataset
{
    public static DatasetAdditions Additions() => new([], [],
        [new Place("young", "Young Village", ["Nouveau"], PlaceKind.Village, 37.25, 36.25, new AdminUnits("Aleppo", null, null, null),
            Population: 120, ValidFrom: new DateOnly(2019, 1, 1))],
        [
            Fixtures.Change("c7", "young", "SAA", new GroundTime(new DateOnly(2019, 5, 1)), status: ChangeStatus.Claimed,
                sources: [new Citation("S1", "a local council")]),
            Fixtures.Change("c8", "young", "SAA", new GroundTime(new DateOnly(2019, 5, 1)), sources: [new Citation("S2")])
                with { Reviews = "c7", Verdict = ReviewVerdict.Confirmed, Note = "confirmed by a second report" },
        ]);

    public static Dataset Dataset() => Additions().ApplyTo(Fixtures.Small());

    public static StoredResponse Response() => new("POST /api/changes key:k1 idem:abc", new string('a', 64), 201, """{"id":"c8"}""",
        new Dictionary<string, string> { ["Location"] = "/api/changes/c8", ["ETag"] = "\"v1\"" });
}

using FrontlineMaps.Core.Domain;
using FrontlineMaps.Core.Storage;

namespace FrontlineMaps.Core.Tests.Storage;

/// <summary>A review restates an earlier, unretracted claim; the store refuses anything else and names the field.</summary>
public sealed class ReviewRuleTests : IDisposable
{
    private static readonly DateTimeOffset Now = DateTimeOffset.Parse("2026-11-29T12:00:00Z");
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("frontline-review-");
    private readonly SqliteStore _store;
    private readonly ControlChange _claim = new("claim-1", "abu-qalqal", "SDF", new GroundTime(new DateOnly(2020, 3, 1)), ChangeKind.Capture,
        ChangeStatus.Claimed, [new Citation("aranews-2015-10-14-aleppo")], Now, "editor", ClaimOf: ChangeStatus.Contested);

    public ReviewRuleTests()
    {
        _store = (SqliteStore)StoreFactory.Open(new StoreOptions { Path = Path.Combine(_dir.FullName, "r.sqlite") });
        _store.Append([_claim]);
    }

    public void Dispose() => _dir.Delete(true);

    private ControlChange Review(ReviewVerdict verdict = ReviewVerdict.Confirmed, string id = "review-1") => _claim with
    {
        Id = id, Status = verdict == ReviewVerdict.Confirmed ? ChangeStatus.Contested : ChangeStatus.Claimed,
        ClaimOf = verdict == ReviewVerdict.Confirmed ? ChangeStatus.Held : ChangeStatus.Contested,
        RecordedAt = Now.AddHours(1), RecordedBy = "reviewer", Reviews = "claim-1", Verdict = verdict,
    };

    private string Refused(ControlChange change)
    {
        var version = _store.Version;
        var e = Assert.Throws<DatasetFormatException>(() => _store.Append([change]));
        Assert.Equal(version, _store.Version);
        return e.Field!;
    }

    [Fact]
    public void A_confirmed_review_states_what_was_claimed_and_survives_a_reload()
    {
        _store.Append([Review()]);
        var loaded = new SqliteStore(_store.FilePath).Load().Changes.Single(c => c.Id == "review-1");
        Assert.Equal(("claim-1", ReviewVerdict.Confirmed, ChangeStatus.Contested), (loaded.Reviews, loaded.Verdict, loaded.Status));
    }

    [Fact]
    public void A_review_must_restate_the_claim()
    {
        Assert.Equal("faction", Refused(Review() with { FactionId = "SAA" }));
        Assert.Equal("place", Refused(Review() with { PlaceId = "ad-dana" }));
        Assert.Equal("valid_from", Refused(Review() with { ValidTime = new GroundTime(new DateOnly(2020, 3, 2)) }));
        Assert.Equal("status", Refused(Review() with { Status = ChangeStatus.Held }));            // the claim was of fighting
        Assert.Equal("status", Refused(Review(ReviewVerdict.Disputed) with { Status = ChangeStatus.Held, ClaimOf = ChangeStatus.Held }));
    }

    [Fact]
    public void Only_an_earlier_unretracted_unconfirmed_claim_can_be_reviewed()
    {
        Assert.Equal("reviews", Refused(Review() with { Reviews = "no-such" }));
        Assert.Equal("verdict", Refused(Review() with { Verdict = null }));
        Assert.Equal("reviews", Refused(Review() with { Reviews = null }));
        Assert.Equal("reviews", Refused(Review() with { Reviews = "r002-ejaz-hts-capture" })); // a held record, not a claim
        _store.Append([Review()]);
        Assert.Equal("reviews", Refused(Review(id: "review-2")));                                 // already confirmed
        _store.Append([new ControlChange("undo", "abu-qalqal", null, _claim.ValidTime, ChangeKind.Retraction, ChangeStatus.Held, [], Now.AddHours(2), "reviewer", Retracts: "review-1")]);
        _store.Append([Review(id: "review-3")]);                                                  // the confirmation was retracted
        _store.Append([new ControlChange("undo-claim", "abu-qalqal", null, _claim.ValidTime, ChangeKind.Retraction, ChangeStatus.Held, [], Now.AddHours(3), "reviewer", Retracts: "claim-1")]);
        Assert.Equal("reviews", Refused(Review(ReviewVerdict.Disputed, id: "review-4")));        // the claim was retracted
    }

    private ControlChange Retraction(string id, string target, int hours) =>
        new(id, "abu-qalqal", null, _claim.ValidTime, ChangeKind.Retraction, ChangeStatus.Claimed, [], Now.AddHours(hours), "reviewer", Retracts: target);

    [Fact]
    public void A_claim_whose_retraction_was_retracted_can_be_reviewed_again_until_it_is_retracted_once_more()
    {
        _store.Append([Retraction("undo", "claim-1", 1)]);
        Assert.Equal("reviews", Refused(Review()));                                               // retracted
        _store.Append([Retraction("undo-undo", "undo", 2)]);                                      // a retraction of a retraction
        _store.Append([Review() with { RecordedAt = Now.AddHours(3) }]);                          // the claim stands again
        _store.Append([Retraction("undo-3", "undo-undo", 4)]);
        Assert.Equal("reviews", Refused(Review(ReviewVerdict.Disputed, id: "review-2") with { RecordedAt = Now.AddHours(5) }));

        // The whole log, validated from scratch after a reload, keeps the same rule as the record-by-record appends.
        DatasetValidator.Validate(new SqliteStore(_store.FilePath).Load());
    }

    [Fact]
    public void A_claim_retracted_twice_stays_retracted_until_both_retractions_are_retracted()
    {
        _store.Append([Retraction("undo-a", "claim-1", 1), Retraction("undo-b", "claim-1", 1)]);
        _store.Append([Retraction("undo-undo-a", "undo-a", 2)]);
        Assert.Equal("reviews", Refused(Review()));                                               // undo-b still stands
        _store.Append([Retraction("undo-undo-b", "undo-b", 3)]);
        _store.Append([Review() with { RecordedAt = Now.AddHours(4) }]);
    }

    [Fact]
    public void A_retraction_of_a_missing_record_or_of_itself_is_still_refused_naming_retracts()
    {
        Assert.Equal("retracts", Refused(Retraction("undo", "no-such", 1)));
        Assert.Equal("retracts", Refused(Retraction("undo", "undo", 1)));
    }
}

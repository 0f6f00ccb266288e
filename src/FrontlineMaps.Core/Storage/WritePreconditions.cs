using System.Data.Common;

namespace FrontlineMaps.Core.Storage;

/// <summary>
/// What an acknowledged write checks and keeps besides its records, the same in both database stores: the idempotency
/// record of a request (<c>idempotency</c>: the first response, returned again for a retry) and the version of a place
/// an edit was based on. Read and written inside the write's transaction, under the store's writer lock. Responses are
/// not dataset content: they do not count towards the revision.
/// </summary>
internal sealed class WritePreconditions(IStoreDialect dialect)
{
    /// <summary>The response stored for <paramref name="scope"/>, if any.</summary>
    public StoredResponse? FindResponse(DbConnection c, DbTransaction? tx, string scope)
    {
        using var cmd = dialect.Command(c, tx, $"SELECT request_hash, status, body, headers FROM {dialect.Table("idempotency")} WHERE scope = $1", scope);
        using var r = cmd.ExecuteReader();
        return r.Read() ? new StoredResponse(scope, r.GetString(0), r.GetInt32(1), r.GetString(2), StoredResponse.ParseHeaders(r.IsDBNull(3) ? null : r.GetString(3))) : null;
    }

    /// <summary>Keeps <paramref name="response"/> for its scope (the write's transaction commits it with the records).</summary>
    public void SaveResponse(DbConnection c, DbTransaction tx, StoredResponse response)
    {
        using var cmd = dialect.Command(c, tx,
            $"INSERT INTO {dialect.Table("idempotency")} (scope, request_hash, status, body, created_at, headers) VALUES ($1, $2, $3, $4, $5, $6)",
            response.Scope, response.RequestHash, response.Status, response.Body, dialect.Instant(DateTimeOffset.UtcNow), response.HeadersJson);
        cmd.ExecuteNonQuery();
    }

    /// <summary>How many changes the place has, and the id of its latest.</summary>
    public PlaceVersion PlaceVersionOf(DbConnection c, DbTransaction tx, string placeId)
    {
        var changes = dialect.Table("changes");
        using var cmd = dialect.Command(c, tx,
            $"SELECT count(*), (SELECT id FROM {changes} WHERE place = $1 ORDER BY seq DESC LIMIT 1) FROM {changes} WHERE place = $1", placeId);
        using var r = cmd.ExecuteReader();
        r.Read();
        return new PlaceVersion(placeId, (int)r.GetInt64(0), r.IsDBNull(1) ? null : r.GetString(1));
    }

    /// <summary>Refuses the write when the place moved on since <paramref name="expected"/>.</summary>
    /// <exception cref="StalePlaceVersionException">It did.</exception>
    public void CheckPlaceVersion(DbConnection c, DbTransaction tx, PlaceVersion? expected)
    {
        if (expected is not null && PlaceVersionOf(c, tx, expected.PlaceId) is var actual && actual != expected)
            throw new StalePlaceVersionException(expected, actual);
    }
}

using System.Security.Cryptography;
using System.Text;

namespace FrontlineMaps.Core.Storage;

/// <summary>What an API key may do. Each role includes the ones below it.</summary>
public enum ApiRole
{
    /// <summary>Records claimed changes and new sources.</summary>
    Editor = 1,
    /// <summary>Also confirms or disputes claims, retracts records and records confirmed changes.</summary>
    Reviewer = 2,
    /// <summary>Also manages places, factions and keys.</summary>
    Admin = 3,
}

/// <summary>An API key as stored: never the token itself, only its SHA-256.</summary>
/// <param name="Id">Public id (also the token's prefix): safe to log and show.</param>
/// <param name="Name">Who holds it; becomes <c>recorded_by</c> of every record written with it. Unique.</param>
/// <param name="Role">What it may do.</param>
/// <param name="CreatedAt">When it was created.</param>
/// <param name="RevokedAt">When it was revoked, if it was.</param>
public sealed record ApiKey(string Id, string Name, ApiRole Role, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt = null)
{
    /// <summary>True until revoked.</summary>
    public bool IsActive => RevokedAt is null;
}

/// <summary>The response to a write, kept under its idempotency scope so that a retried request gets it back.</summary>
/// <param name="Scope">The key id and the client's <c>Idempotency-Key</c>, e.g. <c>k3f9…:retry-17</c>.</param>
/// <param name="RequestHash">SHA-256 of method, path and body: the same key with another request is refused.</param>
/// <param name="Status">HTTP status of the first response.</param>
/// <param name="Body">Its JSON body.</param>
/// <param name="Headers">
/// The headers that describe the write (<c>Location</c>, <c>ETag</c>, <c>X-Data-Version</c>), so that a replay is indistinguishable
/// from the first response; null when there were none (or the record predates them).
/// </param>
public sealed record StoredResponse(string Scope, string RequestHash, int Status, string Body, IReadOnlyDictionary<string, string>? Headers = null)
{
    /// <summary><see cref="Headers"/> as a JSON object, as the stores keep it (null when there are none).</summary>
    public string? HeadersJson => Headers is { Count: > 0 } h ? System.Text.Json.JsonSerializer.Serialize(h) : null;

    /// <summary>Reads <see cref="HeadersJson"/> back.</summary>
    public static IReadOnlyDictionary<string, string>? ParseHeaders(string? json) =>
        string.IsNullOrEmpty(json) ? null : System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, string>>(json);
}

/// <summary>
/// The headers of a write's response that depend on what was written, computed by the store inside the write's transaction
/// from the dataset as written and its content version (<see cref="IDatasetStore.Version"/>), and kept with the idempotency record.
/// </summary>
public delegate IReadOnlyDictionary<string, string> ResponseHeaders(Domain.Dataset written, string version);

/// <summary>
/// The connection to the store broke while a write was committing, and a fresh look could not tell whether it was stored: the
/// outcome is unknown. A retry with the same <c>Idempotency-Key</c> is safe (it returns the first result if there was one).
/// </summary>
public sealed class CommitOutcomeUnknownException(string message, Exception inner) : Exception(message, inner);

/// <summary>
/// The version of one place a write was planned against (an <c>If-Match</c>): how many control changes about it the log holds
/// and the id of the last one. Records are only appended, so the pair changes exactly when a record about the place is written.
/// </summary>
/// <param name="PlaceId">The place.</param>
/// <param name="ChangeCount">Changes about it in the log.</param>
/// <param name="LastChangeId">The id of the last of them; null when there is none.</param>
public sealed record PlaceVersion(string PlaceId, int ChangeCount, string? LastChangeId);

/// <summary>A write's <see cref="PlaceVersion"/> no longer holds in the store (another writer, maybe another server, got in first).</summary>
/// <param name="expected">The version the write was planned against.</param>
/// <param name="actual">The version the store holds.</param>
public sealed class StalePlaceVersionException(PlaceVersion expected, PlaceVersion actual)
    : Exception($"place '{expected.PlaceId}' has changed: {actual.ChangeCount} changes (last '{actual.LastChangeId}') where the write expected {expected.ChangeCount} (last '{expected.LastChangeId}')")
{
    /// <summary>The version the write was planned against.</summary>
    public PlaceVersion Expected { get; } = expected;

    /// <summary>The version the store holds.</summary>
    public PlaceVersion Actual { get; } = actual;
}

/// <summary>
/// The editor side of a store: API keys (hashed) and writes that carry their idempotency record in the same transaction.
/// <see cref="SqliteStore"/>, <see cref="PostgresStore"/> and <see cref="MemoryStore"/> implement it.
/// </summary>
public interface IEditorStore
{
    /// <summary>Creates a key; the token is returned only here and is stored hashed.</summary>
    /// <exception cref="ArgumentException">The name is empty, too long or already used.</exception>
    (ApiKey Key, string Token) CreateKey(string name, ApiRole role);

    /// <summary>Revokes the key with this id or name; null when there is none. Revoking twice keeps the first time.</summary>
    ApiKey? RevokeKey(string idOrName);

    /// <summary>The key a bearer token belongs to, or null when the token is unknown (revoked keys are returned, inactive).</summary>
    ApiKey? FindKey(string token);

    /// <summary>
    /// <see cref="FindKey"/> without holding a thread while the store answers (PostgreSQL): a burst of requests then does not starve
    /// the thread pool. Stores that answer from memory or a local file use the synchronous lookup.
    /// </summary>
    ValueTask<ApiKey?> FindKeyAsync(string token, CancellationToken cancellationToken = default) => ValueTask.FromResult(FindKey(token));

    /// <summary>Every key, oldest first.</summary>
    IReadOnlyList<ApiKey> ListKeys();

    /// <summary>The response stored under <paramref name="scope"/>, or null.</summary>
    StoredResponse? FindResponse(string scope);

    /// <summary>
    /// Appends <paramref name="additions"/> (validated, atomic, as <see cref="IDatasetStore.Append(DatasetAdditions)"/>) and, in the
    /// same transaction, <paramref name="response"/> when given. When a response is already stored under its scope nothing is
    /// written and that earlier response is returned; otherwise returns null. When <paramref name="expected"/> is given, the
    /// store checks it inside the write's transaction, under the same lock that serializes writers (for PostgreSQL: the
    /// revision row lock, so across every server sharing the database), and writes nothing when it no longer holds.
    /// </summary>
    /// <exception cref="DatasetFormatException">A record is invalid; nothing was written.</exception>
    /// <param name="additions">The records to append.</param>
    /// <param name="response">The response to keep under its idempotency scope, or null.</param>
    /// <param name="expected">The place version the write was planned against, or null.</param>
    /// <param name="headers">
    /// Called (when there are records to append) with the dataset as written and its version, inside the transaction; what it
    /// returns is kept as <paramref name="response"/>'s <see cref="StoredResponse.Headers"/>.
    /// </param>
    /// <exception cref="DatasetFormatException">A record is invalid; nothing was written.</exception>
    /// <exception cref="StalePlaceVersionException">The place changed since <paramref name="expected"/>; nothing was written.</exception>
    /// <exception cref="CommitOutcomeUnknownException">The connection broke during the commit and whether it took effect is unknown.</exception>
    StoredResponse? Append(DatasetAdditions additions, StoredResponse? response, PlaceVersion? expected = null, ResponseHeaders? headers = null);
}

/// <summary>Bearer tokens of API keys: <c>flm_&lt;id&gt;_&lt;secret&gt;</c>, 256 random bits; stored as SHA-256 hex.</summary>
public static class ApiKeyTokens
{
    /// <summary>Longest key name accepted.</summary>
    public const int MaxNameLength = 100;

    /// <summary>A new key id and its token.</summary>
    public static (string Id, string Token) Generate()
    {
        var id = "k" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
        var secret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        return (id, $"flm_{id}_{secret}");
    }

    /// <summary>The key id a token names, or null when it is not shaped like a token.</summary>
    public static string? IdOf(string token)
    {
        if (token.Length is < 20 or > 200 || !token.StartsWith("flm_", StringComparison.Ordinal)) return null;
        var end = token.IndexOf('_', 4);
        return end > 4 ? token[4..end] : null;
    }

    /// <summary>SHA-256 of the token, lower-case hex.</summary>
    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// <summary>Constant-time comparison of a token with a stored hash.</summary>
    public static bool Matches(string token, string storedHash) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Hash(token)), Encoding.ASCII.GetBytes(storedHash));

    /// <summary>Checks a new key's name.</summary>
    /// <exception cref="ArgumentException">Empty, too long, or with control characters.</exception>
    public static void CheckName(string name)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Trim() != name)
            throw new ArgumentException("a key name must be non-empty text without leading or trailing spaces", nameof(name));
        if (name.Length > MaxNameLength || name.Any(char.IsControl))
            throw new ArgumentException($"a key name is at most {MaxNameLength} characters, without control characters", nameof(name));
    }

    /// <summary>The spelling of a role in configuration, the CLI and the database.</summary>
    public static string Name(ApiRole role) => role.ToString().ToLowerInvariant();

    /// <summary>Parses editor, reviewer or admin.</summary>
    public static bool TryParseRole(string? text, out ApiRole role)
    {
        role = text switch { "editor" => ApiRole.Editor, "reviewer" => ApiRole.Reviewer, "admin" => ApiRole.Admin, _ => 0 };
        return role != 0;
    }
}

/// <summary>Place versions computed from a dataset, the way every store computes them from its log.</summary>
public static class PlaceVersions
{
    /// <summary>The version of <paramref name="placeId"/> in <paramref name="changes"/> (in log order).</summary>
    public static PlaceVersion Of(IEnumerable<Domain.ControlChange> changes, string placeId) =>
        // A write's response computes this over the whole log: a plain loop over the array, not the boxed enumerator.
        Of(changes is System.Collections.Immutable.ImmutableArray<Domain.ControlChange> array ? array.AsSpan() : changes.ToArray(), placeId);

    private static PlaceVersion Of(ReadOnlySpan<Domain.ControlChange> changes, string placeId)
    {
        var count = 0;
        string? last = null;
        foreach (var c in changes)
            if (c.PlaceId == placeId)
            {
                count++;
                last = c.Id;
            }
        return new PlaceVersion(placeId, count, last);
    }
}

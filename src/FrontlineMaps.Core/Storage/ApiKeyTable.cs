using System.Data.Common;

namespace FrontlineMaps.Core.Storage;

/// <summary>
/// The <c>api_keys</c> table of a database store (the same columns in SQLite and PostgreSQL): the SHA-256 of each token,
/// never the token. Keys are not dataset content: they do not count towards the revision.
/// </summary>
internal sealed class ApiKeyTable(IStoreDialect dialect)
{
    private const string Columns = "id, name, role, hash, created_at, revoked_at";

    private string Table => dialect.Table("api_keys");

    /// <summary>Stores a new key; false (and nothing stored) when a key of that name exists.</summary>
    public (ApiKey Key, string Token) Create(DbConnection c, string name, ApiRole role)
    {
        ApiKeyTokens.CheckName(name);
        var (id, token) = ApiKeyTokens.Generate();
        // As the database keeps it: the key returned equals the key listed.
        var key = new ApiKey(id, name, role, dialect.Round(DateTimeOffset.UtcNow));
        using var cmd = dialect.Command(c, null, $"INSERT INTO {Table} (id, name, role, hash, created_at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (name) DO NOTHING",
            id, name, ApiKeyTokens.Name(role), ApiKeyTokens.Hash(token), dialect.Instant(key.CreatedAt));
        if (cmd.ExecuteNonQuery() == 0)
            throw new ArgumentException($"a key named '{name}' already exists", nameof(name));
        return (key, token);
    }

    /// <summary>Revokes the key with that id or name (if not revoked yet) and returns it as stored; null when there is none.</summary>
    public ApiKey? Revoke(DbConnection c, DbTransaction tx, string idOrName)
    {
        using (var cmd = dialect.Command(c, tx, $"UPDATE {Table} SET revoked_at = $2 WHERE (id = $1 OR name = $1) AND revoked_at IS NULL",
                   idOrName, dialect.Instant(DateTimeOffset.UtcNow)))
            cmd.ExecuteNonQuery();
        return Select(c, tx, "WHERE id = $1 OR name = $1", idOrName).FirstOrDefault().Key;
    }

    /// <summary>The key whose token this is; null for an unknown id or a token that does not match.</summary>
    public ApiKey? Find(DbConnection c, string token)
    {
        if (ApiKeyTokens.IdOf(token) is not { } id) return null;
        var (key, hash) = Select(c, null, "WHERE id = $1", id).FirstOrDefault();
        return key is not null && ApiKeyTokens.Matches(token, hash) ? key : null;
    }

    /// <summary>As <see cref="Find"/>, without holding a thread while the database answers.</summary>
    public async Task<ApiKey?> FindAsync(DbConnection c, string id, string token, CancellationToken cancellationToken)
    {
        await using var cmd = dialect.Command(c, null, $"SELECT {Columns} FROM {Table} WHERE id = $1", id);
        await using var r = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await r.ReadAsync(cancellationToken).ConfigureAwait(false)) return null;
        var (key, hash) = Read(r);
        return ApiKeyTokens.Matches(token, hash) ? key : null;
    }

    /// <summary>Every key, oldest first.</summary>
    public IReadOnlyList<ApiKey> List(DbConnection c) => [.. Select(c, null, "ORDER BY created_at, id", null).Select(k => k.Key)];

    private List<(ApiKey Key, string Hash)> Select(DbConnection c, DbTransaction? tx, string where, string? parameter)
    {
        // where is one of the constant clauses above, never data.
        using var cmd = dialect.Command(c, tx, $"SELECT {Columns} FROM {Table} " + where, parameter is null ? [] : [parameter]);
        using var r = cmd.ExecuteReader();
        var keys = new List<(ApiKey, string)>();
        while (r.Read())
            keys.Add(Read(r));
        return keys;
    }

    private (ApiKey Key, string Hash) Read(DbDataReader r)
    {
        ApiKeyTokens.TryParseRole(r.GetString(2), out var role);
        var created = dialect.ReadInstant(r, 4) ?? default;
        DateTimeOffset? revoked = r.IsDBNull(5) ? null : dialect.ReadInstant(r, 5) ?? created;
        return (new ApiKey(r.GetString(0), r.GetString(1), role, created, revoked), r.GetString(3));
    }
}

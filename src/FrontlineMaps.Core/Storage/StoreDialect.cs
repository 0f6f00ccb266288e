using System.Data.Common;

namespace FrontlineMaps.Core.Storage;

/// <summary>
/// What differs between the two SQL databases, for the code both stores share (<see cref="ApiKeyTable"/>,
/// <see cref="WritePreconditions"/>, <see cref="RecordRows"/>): where a table lives, how a positional parameter is passed,
/// how an instant is stored, how a record's JSON text comes back.
/// Everything else those classes send is SQL both accept as written: positional parameters <c>$1</c>, <c>$2</c>, ...
/// (a parameter may be named twice), <c>INSERT ... ON CONFLICT (column) DO NOTHING</c> for an insert that must not
/// replace, <c>count(*)</c>, <c>ORDER BY ... LIMIT</c>. The record tables' JSON functions (<c>record -&gt;&gt; 'id'</c>,
/// <c>json_extract(record, '$.id')</c>) appear only in each database's migrations (<see cref="PostgresSchema"/>,
/// <see cref="SqliteSchema"/>).
/// </summary>
internal interface IStoreDialect
{
    /// <summary>A table's name as SQL text (<c>frontline.api_keys</c> in PostgreSQL, <c>api_keys</c> in SQLite).</summary>
    string Table(string name);

    /// <summary>Adds the next positional parameter: the first added is <c>$1</c>.</summary>
    void Add(DbCommand command, object? value);

    /// <summary>An instant as the database keeps it (timestamptz; RFC 3339 text), rounded as it would round it.</summary>
    DateTimeOffset Round(DateTimeOffset instant);

    /// <summary>The parameter value for an instant.</summary>
    object Instant(DateTimeOffset instant);

    /// <summary>An instant column read back; null when the stored text is not one.</summary>
    DateTimeOffset? ReadInstant(DbDataReader reader, int ordinal);

    /// <summary>The UTF-8 bytes of a record column (<c>json</c>; <c>TEXT</c>), as stored: no string in between.</summary>
    byte[] RecordBytes(DbDataReader reader, int ordinal);
}

/// <summary>Commands for a store's dialect.</summary>
internal static class StoreCommands
{
    /// <summary>A command on <paramref name="c"/> in <paramref name="tx"/> with positional parameters <c>$1</c>, <c>$2</c>, ...</summary>
    public static DbCommand Command(this IStoreDialect dialect, DbConnection c, DbTransaction? tx, string sql, params object?[] values)
    {
        var cmd = c.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        foreach (var value in values)
            dialect.Add(cmd, value);
        return cmd;
    }
}

using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace FrontlineMaps.Core.Storage;

/// <summary>SQLite: tables in the main schema, parameters named <c>$1</c>, <c>$2</c>, ..., instants as RFC 3339 text in UTC.</summary>
internal sealed class SqliteDialect : IStoreDialect
{
    public static SqliteDialect Instance { get; } = new();

    public string Table(string name) => name;

    public void Add(DbCommand command, object? value) =>
        command.Parameters.Add(new SqliteParameter("$" + (command.Parameters.Count + 1), value ?? DBNull.Value));

    public DateTimeOffset Round(DateTimeOffset instant) => instant; // the text keeps every tick

    public object Instant(DateTimeOffset instant) => FormatValues.FormatInstant(instant);

    public DateTimeOffset? ReadInstant(DbDataReader reader, int ordinal) =>
        FormatValues.TryParseInstant(reader.GetString(ordinal), out var instant) ? instant : null;

    public byte[] RecordBytes(DbDataReader reader, int ordinal) => reader.GetFieldValue<byte[]>(ordinal); // a TEXT value's UTF-8 bytes
}

using System.Data.Common;
using Npgsql;

namespace FrontlineMaps.Core.Storage;

/// <summary>PostgreSQL: tables in the schema <c>frontline</c>, positional parameters, instants as timestamptz (microseconds).</summary>
internal sealed class PostgresDialect : IStoreDialect
{
    public static PostgresDialect Instance { get; } = new();

    public string Table(string name) => "frontline." + name;

    /// <remarks>A null goes as a text null: the only nullable values the shared code sends are texts.</remarks>
    public void Add(DbCommand command, object? value) => command.Parameters.Add(value is null
        ? new NpgsqlParameter { Value = DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text }
        : new NpgsqlParameter { Value = value });

    public DateTimeOffset Round(DateTimeOffset instant) => instant.AddTicks(-(instant.Ticks % 10));

    public object Instant(DateTimeOffset instant) => instant.ToUniversalTime();

    public DateTimeOffset? ReadInstant(DbDataReader reader, int ordinal) => reader.GetFieldValue<DateTimeOffset>(ordinal);

    public byte[] RecordBytes(DbDataReader reader, int ordinal) => reader.GetFieldValue<byte[]>(ordinal); // json: the text as sent
}

// The thin HTTP endpoint in front of PostGIS that ../shared/bench/postgis/README.md measured: one prepared statement per
// request, the bytes PostgreSQL returns written as they are.
//
//   GET /all/{z}/{x}/{y}?t=YYYY-MM-DD   three-layer MVT (villages, territory, fronts): the SQL of queries/rnd_all_c_z{z}.sql
//   GET /geojson?t=YYYY-MM-DD           GeoJSON of all villages at t: queries/geojson_full.sql on the clustered periods
//
// The SQL is read at start from --Queries (the shared queries folder) and never copied: pgbench's :x, :y and :d become the
// statement's parameters $1, $2, $3 (d = days since 2011-01-01, as in the pgbench scripts).
using System.Text.RegularExpressions;
using Npgsql;
using NpgsqlTypes;

var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders();
var queries = builder.Configuration["Queries"] ?? throw new InvalidOperationException("set --Queries=PATH (../shared/bench/postgis/queries)");
var connection = builder.Configuration["Pg"] ?? throw new InvalidOperationException("set --Pg=CONNECTION_STRING");

var tileSql = new Dictionary<int, string>();
foreach (var z in new[] { 8, 10, 12 })
{
    var text = File.ReadAllText(Path.Combine(queries, $"rnd_all_c_z{z}.sql"));
    var sql = string.Join('\n', text.Split('\n').Where(l => !l.TrimStart().StartsWith("\\set", StringComparison.Ordinal)));
    sql = Regex.Replace(sql, @"(?<!:):(x|y|d)\b", m => m.Groups[1].Value switch { "x" => "$1", "y" => "$2", _ => "$3" }).Trim().TrimEnd(';');
    tileSql[z] = sql;
}
// geojson_full.sql snapshots the uniform periods at a literal date; the tiles (and FrontlineMaps' import) use the clustered set.
var geojsonSql = Regex.Replace(File.ReadAllText(Path.Combine(queries, "geojson_full.sql")).Trim().TrimEnd(';'), @"\bcontrol_periods\b", "control_periods_c");
geojsonSql = geojsonSql.Replace("DATE '2018-06-15'", "$1", StringComparison.Ordinal);

await using var dataSource = NpgsqlDataSource.Create(connection);
var app = builder.Build();
var epoch = new DateOnly(2011, 1, 1);

app.MapGet("/all/{z:int}/{x:int}/{y:int}", async (int z, int x, int y, string? t, HttpContext ctx) =>
{
    if (!tileSql.TryGetValue(z, out var sql)) return Results.NotFound();
    if (!DateOnly.TryParseExact(t, "yyyy-MM-dd", out var day)) return Results.BadRequest("t=YYYY-MM-DD");
    await using var conn = await dataSource.OpenConnectionAsync(ctx.RequestAborted);
    await using var cmd = new NpgsqlCommand(sql, conn);
    cmd.Parameters.Add(new NpgsqlParameter<int> { TypedValue = x, NpgsqlDbType = NpgsqlDbType.Integer });
    cmd.Parameters.Add(new NpgsqlParameter<int> { TypedValue = y, NpgsqlDbType = NpgsqlDbType.Integer });
    cmd.Parameters.Add(new NpgsqlParameter<int> { TypedValue = day.DayNumber - epoch.DayNumber, NpgsqlDbType = NpgsqlDbType.Integer });
    await cmd.PrepareAsync(ctx.RequestAborted);
    var bytes = await cmd.ExecuteScalarAsync(ctx.RequestAborted) as byte[] ?? [];
    return Results.Bytes(bytes, "application/vnd.mapbox-vector-tile");
});

app.MapGet("/geojson", async (string? t, HttpContext ctx) =>
{
    if (!DateOnly.TryParseExact(t, "yyyy-MM-dd", out var day)) return Results.BadRequest("t=YYYY-MM-DD");
    await using var conn = await dataSource.OpenConnectionAsync(ctx.RequestAborted);
    await using var cmd = new NpgsqlCommand(geojsonSql, conn);
    cmd.Parameters.Add(new NpgsqlParameter<DateOnly> { TypedValue = day, NpgsqlDbType = NpgsqlDbType.Date });
    await cmd.PrepareAsync(ctx.RequestAborted);
    var text = await cmd.ExecuteScalarAsync(ctx.RequestAborted) as string ?? "";
    return Results.Text(text, "application/geo+json");
});

app.Run();

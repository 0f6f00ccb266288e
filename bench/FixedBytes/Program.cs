// The Kestrel floor: the cheapest possible responses of the sizes a tile server sends. GET /200, /45k, /450k.
var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders();
var app = builder.Build();
foreach (var (path, size) in new[] { ("/200", 200), ("/45k", 45_000), ("/450k", 450_000) })
{
    var bytes = new byte[size];
    new Random(size).NextBytes(bytes);
    app.MapGet(path, () => Results.Bytes(bytes, "application/vnd.mapbox-vector-tile"));
}
app.Run();

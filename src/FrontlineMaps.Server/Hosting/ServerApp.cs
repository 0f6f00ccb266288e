using FrontlineMaps.Server.Api;
using FrontlineMaps.Server.Http;
using FrontlineMaps.Server.Ogc;
using FrontlineMaps.Server.Snapshots;
using FrontlineMaps.Server.Tiles;
using FrontlineMaps.Server.Viewer;

namespace FrontlineMaps.Server.Hosting;

/// <summary>Builds the web application: services, middleware and every endpoint group. Used by Program and by tests.</summary>
public static class ServerApp
{
    /// <summary>Builds the app from command-line arguments (<c>--urls</c>, <c>--FrontlineMaps:Data=...</c> and all standard ASP.NET configuration).</summary>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        configure?.Invoke(builder);
        builder.Services.AddSingleton<MapSource>();
        builder.Services.AddSingleton<DerivedCache>();
        builder.Services.AddProblemDetails();
        builder.Services.AddCors(o => o.AddDefaultPolicy(p => p.AllowAnyOrigin().WithMethods("GET", "HEAD").WithExposedHeaders("ETag", "Link")));

        var app = builder.Build();
        app.Services.GetRequiredService<MapSource>(); // preprocess once, at start: requests only query
        app.UseMiddleware<ProblemMiddleware>();
        app.UseStatusCodePages();
        app.UseCors();
        app.UseViewer(); // browsers at / get the web viewer; GIS clients the OGC landing page
        app.UseDefaultFiles();
        app.UseStaticFiles();

        app.MapOgcApi();
        app.MapTiles();
        app.MapTimelineApi();
        app.MapSnapshotGeoJson();
        app.MapViewer();
        return app;
    }
}

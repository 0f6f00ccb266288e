using FrontlineMaps.Server.Api;
using FrontlineMaps.Server.Http;
using FrontlineMaps.Server.Ogc;
using FrontlineMaps.Server.Ogc.OpenApi;
using FrontlineMaps.Server.Snapshots;
using FrontlineMaps.Server.Tiles;
using FrontlineMaps.Server.Write;
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
        builder.Services.AddTileCache();
        builder.Services.AddHostedService<StoreRefresher>();
        builder.Services.AddSingleton<PostgresRefresher>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<PostgresRefresher>());
        // One state per request, taken once: a write swapping in a new state never changes a request half-way.
        builder.Services.AddScoped(sp => sp.GetRequiredService<MapSource>().Current);
        builder.Services.AddScoped(sp => sp.GetRequiredService<MapState>().Cache);
        ProblemExceptionHandler.AddProblems(builder.Services); // one exception-to-ProblemDetails mapping
        builder.Services.AddApiDescription(); // /api: generated from the endpoints (Ogc/OpenApi)
        builder.Services.AddPublicAddress(builder.Configuration);
        builder.Services.AddFrontlineCompression();
        builder.Services.AddSingleton<WriteLimits>();
        builder.Services.AddApiKeys();
        builder.Services.AddFrontlineRateLimits();
        builder.Services.AddSingleton<PlausibleDates>();
        builder.Services.AddCors(o => o.AddDefaultPolicy(CrossOrigin.Policy));

        var app = builder.Build();
        app.Services.GetRequiredService<MapSource>(); // open the store and preprocess once, at start: requests only query
        app.UsePublicAddress(); // first: forwarded headers from known proxies only, and Vary: Host
        app.UseHttpHardening(); // HEAD as GET, security headers: before routing
        app.UseFrontlineCompression();
        app.UseRouting();
        app.UseExceptionHandler(); // ProblemExceptionHandler
        app.UseStatusCodePages(context => HttpHardening.StatusCodePage(context.HttpContext));
        app.UseCors();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
        app.UseViewer(); // browsers at / get the web viewer; GIS clients the OGC landing page
        app.UseDefaultFiles();
        app.UseStaticFiles();

        app.MapOgcApi();
        app.MapTiles();
        app.MapApi();
        app.MapSnapshots();
        app.MapWriteApi();
        app.MapViewer();
        return app;
    }
}

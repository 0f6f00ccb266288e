using FrontlineMaps.Server.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;

namespace FrontlineMaps.Server.Tests;

/// <summary>The server on the reports fixture (tests/data/reports) held in memory (<c>Store:Provider=memory</c>), through WebApplicationFactory (in-memory HTTP).</summary>
public sealed class ServerFactory : WebApplicationFactory<Program>
{
    /// <inheritdoc />
    protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder) =>
        builder.UseSetting("Store:Provider", "memory").UseSetting("Store:Seed", ReportsFixture.Directory);
}

/// <summary>
/// The real server on Kestrel at 127.0.0.1 on a free port, for external clients (ogrinfo, curl). One per test class.
/// </summary>
public class KestrelServer : IAsyncLifetime
{
    private WebApplication? _app;

    /// <summary>Base address, e.g. <c>http://127.0.0.1:43817</c> (no trailing slash).</summary>
    public string BaseUrl { get; private set; } = "";

    /// <summary>Extra arguments (configuration) for the server, set before start by a derived fixture.</summary>
    protected virtual string[] Args => [];

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        (_app, BaseUrl) = await Start(["--Store:Provider=memory", .. Args]);
    }

    /// <summary>
    /// Builds the server with <paramref name="args"/> (and <paramref name="configure"/>), starts it on Kestrel at 127.0.0.1 on a
    /// free port and returns it with its base address (no trailing slash). A new store is seeded from the reports fixture
    /// (tests/data/reports) unless <paramref name="args"/> name another <c>--Store:Seed</c>. The caller disposes the app.
    /// </summary>
    public static async Task<(WebApplication App, string BaseUrl)> Start(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var app = ServerApp.Build(["--urls", "http://127.0.0.1:0", ReportsFixture.SeedSwitch, .. args], configure);
        try
        {
            await app.StartAsync();
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        return (app, addresses.First().TrimEnd('/'));
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        if (_app is not null) await _app.DisposeAsync();
    }
}

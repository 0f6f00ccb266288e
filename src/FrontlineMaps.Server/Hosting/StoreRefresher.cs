namespace FrontlineMaps.Server.Hosting;

/// <summary>
/// Picks up writes made to the store by other processes (another server on the same SQLite file, <c>frontline import</c>) by
/// calling <see cref="MapSource.Refresh"/> every <c>Store:RefreshSeconds</c> (default 2 for SQLite, where checking is one small
/// query; 0 turns it off; other stores have their own change notification and default to 0).
/// </summary>
public sealed class StoreRefresher(MapSource source, IConfiguration configuration, ILogger<StoreRefresher> logger) : BackgroundService
{
    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var fallback = source.Store is Core.Storage.SqliteStore ? 2.0 : 0.0;
        var seconds = configuration.GetValue<double?>("Store:RefreshSeconds") ?? fallback;
        if (seconds <= 0) return;
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(seconds));
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                source.Refresh();
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Keep serving the last good state; the next tick tries again.
                logger.LogWarning("Refreshing from the store failed: {Message}", e.Message);
            }
        }
    }
}

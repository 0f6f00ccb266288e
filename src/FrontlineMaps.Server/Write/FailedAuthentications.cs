using System.Globalization;
using System.Net;
using System.Threading.RateLimiting;

namespace FrontlineMaps.Server.Write;

/// <summary>
/// A limit on failed authentication per client address (<c>RateLimits:FailedAuthentication:PermitLimit</c> failures per
/// <c>RateLimits:FailedAuthentication:WindowSeconds</c>, default 20 per 300 s; 0 turns it off), against guessing keys: a key
/// is 256 random bits, but nothing should let an address try thousands of them, and each try costs a store lookup. While an
/// address is over the limit, a request from it that carries <c>Authorization</c> is not looked up at all (a right key does
/// not get in either) and a request that needs a key gets 429 with <c>Retry-After</c>. Reads without a key are never limited
/// here.
/// </summary>
public sealed class FailedAuthentications : IDisposable
{
    private readonly PartitionedRateLimiter<IPAddress>? _limiter;

    /// <summary>Reads the limit from configuration.</summary>
    public FailedAuthentications(IConfiguration configuration)
    {
        var limit = configuration.GetValue<int?>("RateLimits:FailedAuthentication:PermitLimit") ?? 20;
        var seconds = configuration.GetValue<double?>("RateLimits:FailedAuthentication:WindowSeconds") ?? 300;
        if (limit <= 0) return;
        var options = new FixedWindowRateLimiterOptions
        {
            PermitLimit = limit,
            Window = TimeSpan.FromSeconds(Math.Max(1, seconds)),
            QueueLimit = 0,
            AutoReplenishment = true,
        };
        _limiter = PartitionedRateLimiter.Create<IPAddress, IPAddress>(address => RateLimitPartition.GetFixedWindowLimiter(address, _ => options));
    }

    /// <summary>Seconds until <paramref name="context"/>'s address may try a key again, or null when it may now.</summary>
    public int? LockedOut(HttpContext context)
    {
        if (_limiter is null) return null;
        using var probe = _limiter.AttemptAcquire(Address(context), 0);
        return probe.IsAcquired ? null : RetryAfter(probe);
    }

    /// <summary>Counts one failed authentication of <paramref name="context"/>'s address.</summary>
    public void Failed(HttpContext context)
    {
        if (_limiter is null) return;
        using var _ = _limiter.AttemptAcquire(Address(context));
    }

    /// <summary>The value of <c>Retry-After</c> for <paramref name="seconds"/>.</summary>
    public static string Header(int seconds) => seconds.ToString(CultureInfo.InvariantCulture);

    private static int RetryAfter(RateLimitLease lease) =>
        lease.TryGetMetadata(MetadataName.RetryAfter, out var retry) ? Math.Max(1, (int)Math.Ceiling(retry.TotalSeconds)) : 1;

    private static IPAddress Address(HttpContext context) => context.Connection.RemoteIpAddress ?? IPAddress.None;

    /// <inheritdoc />
    public void Dispose() => _limiter?.Dispose();
}

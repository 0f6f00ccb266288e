using System.Net;
using System.Net.Sockets;
using System.Text;

namespace FrontlineMaps.Server.Tests.Write;

/// <summary>What a <see cref="FaultProxy"/> does to the next write transaction's COMMIT.</summary>
internal enum CommitFault
{
    /// <summary>Nothing: everything is forwarded.</summary>
    None,

    /// <summary>COMMIT reaches PostgreSQL, then the connection is cut before the answer comes back: committed, but the client cannot know.</summary>
    CutAfterCommit,

    /// <summary>The connection is cut instead of forwarding COMMIT: PostgreSQL rolls the transaction back.</summary>
    CutBeforeCommit,

    /// <summary>As <see cref="CutAfterCommit"/>, and the proxy is <see cref="FaultProxy.Down"/> from just before the cut on: nobody can ask.</summary>
    CutAfterCommitAndGoDown,
}

/// <summary>
/// A TCP proxy between a server and PostgreSQL (127.0.0.1, a free port) that a test tells when to fail, deterministically: cut the
/// connection of the next write transaction (one that took the revision row lock, <c>FOR UPDATE</c>) right after, or instead of,
/// forwarding its <c>COMMIT</c>; or be down (cut every connection, and close each new one at once) until told otherwise.
/// </summary>
internal sealed class FaultProxy : IAsyncDisposable
{
    // A simple-protocol Query message holding exactly "COMMIT": how Npgsql commits a transaction.
    private static readonly byte[] CommitQuery = [(byte)'Q', 0, 0, 0, 11, .. Encoding.ASCII.GetBytes("COMMIT"), 0];
    private static readonly byte[] WriteLock = Encoding.ASCII.GetBytes("FOR UPDATE");

    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly int _targetPort;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<(TcpClient Client, TcpClient Server)> _open = [];
    private readonly Task _accepting;
    private int _fault;
    private volatile bool _down;
    private int _cuts;

    public FaultProxy(int targetPort)
    {
        _targetPort = targetPort;
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _accepting = Task.Run(AcceptAsync);
    }

    /// <summary>The port clients connect to.</summary>
    public int Port { get; }

    /// <summary>How many COMMITs were cut.</summary>
    public int Cuts => Volatile.Read(ref _cuts);

    /// <summary>Arms a fault for the next write transaction's COMMIT (once).</summary>
    public void Arm(CommitFault fault) => Volatile.Write(ref _fault, (int)fault);

    /// <summary>Down: every open connection is cut and every new one closed at once (PostgreSQL unreachable). Up again when false.</summary>
    public bool Down
    {
        get => _down;
        set
        {
            _down = value;
            if (value) CutAll();
        }
    }

    private void CutAll(TcpClient? except = null)
    {
        lock (_open)
        {
            foreach (var (client, server) in _open.Where(p => p.Client != except).ToList())
            {
                client.Close();
                server.Close();
            }
            _open.RemoveAll(p => p.Client != except);
        }
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }
            if (_down)
            {
                client.Close();
                continue;
            }
            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        var server = new TcpClient();
        try
        {
            await server.ConnectAsync(IPAddress.Loopback, _targetPort);
        }
        catch (SocketException)
        {
            client.Close();
            server.Dispose();
            return;
        }
        client.NoDelay = server.NoDelay = true;
        lock (_open) _open.Add((client, server));
        var toServer = ForwardFromClientAsync(client, server);
        var toClient = CopyAsync(server.GetStream(), client.GetStream());
        await Task.WhenAny(toServer, toClient);
        client.Close();
        server.Close();
        lock (_open) _open.Remove((client, server));
    }

    private async Task ForwardFromClientAsync(TcpClient client, TcpClient server)
    {
        var from = client.GetStream();
        var to = server.GetStream();
        var buffer = new byte[64 * 1024];
        var inWrite = false;
        try
        {
            while (true)
            {
                var n = await from.ReadAsync(buffer, _stop.Token);
                if (n == 0) return;
                var chunk = buffer.AsSpan(0, n);
                if (Environment.GetEnvironmentVariable("FAULTPROXY_DUMP") is { } dump)
                    File.AppendAllText(dump, $"[{client.Client.RemoteEndPoint} {n} fault={Volatile.Read(ref _fault)} inWrite={inWrite}] " + Encoding.ASCII.GetString(buffer, 0, Math.Min(n, 300)).Replace('\0', '.') + "\n");
                if (chunk.IndexOf(WriteLock) >= 0) inWrite = true;
                if (inWrite && chunk.IndexOf(CommitQuery) >= 0)
                {
                    inWrite = false;
                    var fault = (CommitFault)Interlocked.Exchange(ref _fault, (int)CommitFault.None);
                    if (fault != CommitFault.None)
                    {
                        // Counted before the cut: the server answers as soon as it sees the cut, and a test may read
                        // Cuts before this thread runs again (a race seen once in a full run).
                        Interlocked.Increment(ref _cuts);
                        if (fault == CommitFault.CutAfterCommitAndGoDown)
                        {
                            // Down before the client learns anything: its look afterwards finds no connection (pooled or new).
                            _down = true;
                            CutAll(except: client);
                        }
                        // The client's end first (abortively): no answer to the COMMIT can reach it.
                        client.Client.LingerState = new LingerOption(true, 0);
                        client.Close();
                        if (fault != CommitFault.CutBeforeCommit)
                        {
                            await to.WriteAsync(buffer.AsMemory(0, n));
                            await to.FlushAsync();
                            // Give PostgreSQL the time to read it (it then commits) before its end closes too.
                            await Task.Delay(300);
                        }
                        server.Close(); // without COMMIT, PostgreSQL rolls the transaction back
                        return;
                    }
                }
                await to.WriteAsync(buffer.AsMemory(0, n));
            }
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or OperationCanceledException)
        {
        }
    }

    private async Task CopyAsync(Stream from, Stream to)
    {
        try
        {
            await from.CopyToAsync(to, _stop.Token);
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or OperationCanceledException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        CutAll();
        await _accepting;
        _stop.Dispose();
    }
}

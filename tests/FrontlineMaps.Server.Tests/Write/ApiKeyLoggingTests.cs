using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;
using static FrontlineMaps.Server.Tests.Write.Http;

namespace FrontlineMaps.Server.Tests.Write;

/// <summary>The write server on Kestrel with every log line of every category captured at Trace level.</summary>
public sealed class LoggedWriteServer : SqliteWriteServer
{
    /// <summary>Everything logged: messages, exceptions, structured values and scopes.</summary>
    public CapturingLoggerProvider Logs { get; } = new();

    /// <inheritdoc />
    protected override string[] Args => ["--Logging:LogLevel:Default=Trace", "--Logging:LogLevel:Microsoft=Trace", "--Logging:LogLevel:Microsoft.AspNetCore=Trace"];

    /// <inheritdoc />
    protected override void Configure(WebApplicationBuilder builder)
    {
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(LogLevel.Trace);
        builder.Logging.AddProvider(Logs);
    }
}

/// <summary>
/// API keys never reach the logs: the server runs on Kestrel (real HTTP parsing) with every category at Trace level, takes
/// authorised, forbidden, invalid, revoked, unknown, malformed and unparseable keys, and no log line holds any 8 characters in a row of a
/// key's secret. Only a key's public id (<c>flm_kXXXXXXXXXXXX</c>) may be shown, as docs/api.md says.
/// </summary>
public class ApiKeyLoggingTests(LoggedWriteServer server) : IClassFixture<LoggedWriteServer>
{
    [Fact]
    public async Task No_log_line_at_trace_level_contains_any_part_of_an_api_key_secret()
    {
        var secrets = new List<string>();
        string Secret(string token)
        {
            // flm_{id}_{secret}: the id is public; the secret (base64url, may contain '_') is what must never be shown.
            var secret = token[(token.IndexOf('_', 4) + 1)..];
            secrets.Add(secret);
            return token;
        }

        var editor = Secret(server.Tokens["editor"]);
        var reviewer = Secret(server.Tokens["reviewer"]);
        var revoked = Secret(server.Tokens["revoked"]);
        Secret(server.Tokens["admin"]);
        var unknown = Secret("flm_kdeadbeefcafe_" + RandomSecret());
        var malformed = "not-a-frontline-key-" + RandomSecret();
        secrets.Add(malformed[20..]);
        var basic = RandomSecret();
        secrets.Add(basic);

        // Authorised writes, with an idempotent replay and an If-Match.
        var claim = (await Created(Client(editor), "/api/changes", Change("abu-qalqal", "SDF", "2020-03-05"),
            r => r.Headers.Add("Idempotency-Key", "log-test-1"))).GetProperty("changes")[0].GetProperty("id").GetString()!;
        await Created(Client(editor), "/api/changes", Change("abu-qalqal", "SDF", "2020-03-05"), r => r.Headers.Add("Idempotency-Key", "log-test-1"));
        await Created(Client(reviewer), $"/api/changes/{claim}/review", """{"verdict":"confirmed"}""");
        await Problem(Client(editor), "/api/changes", Change("abu-qalqal", "SDF", "2020-03-06"), 412, "If-Match",
            r => r.Headers.TryAddWithoutValidation("If-Match", "\"place-0-0000000000000000\""));

        // Failed writes with a valid key: refused record, role too low, not JSON.
        await Problem(Client(editor), "/api/changes", Change("no-such-place", "SDF", "2020-03-05"), 422, "place");
        await Problem(Client(editor), "/api/places", """{"id":"x","name":"X","kind":"village","lon":36,"lat":35}""", 403, "Authorization");
        using (var notJson = new HttpRequestMessage(HttpMethod.Post, "/api/changes") { Content = new StringContent("place=x", Encoding.UTF8, "text/plain") })
        {
            notJson.Headers.TryAddWithoutValidation("Authorization", "Bearer " + editor);
            Assert.Equal(HttpStatusCode.UnsupportedMediaType, (await server.Client().SendAsync(notJson)).StatusCode);
        }

        // Revoked, unknown, malformed and non-bearer credentials: 401.
        foreach (var authorization in new[] { "Bearer " + revoked, "Bearer " + unknown, "Bearer " + malformed, "Basic " + basic, editor })
            await Problem(Client(null, authorization), "/api/changes", Change("abu-qalqal", "SDF", "2020-03-05"), 401, "Authorization");

        // A key on a GET (reads ignore it) and twice on one request.
        using (var read = Client(editor)) Assert.Equal(HttpStatusCode.OK, (await read.GetAsync("/api/timeline")).StatusCode);
        using (var twice = new HttpRequestMessage(HttpMethod.Post, "/api/changes") { Content = Json(Change("abu-qalqal", "SDF", "2020-03-05")) })
        {
            twice.Headers.TryAddWithoutValidation("Authorization", ["Bearer " + editor, "Bearer " + reviewer]);
            Assert.Equal(HttpStatusCode.Unauthorized, (await server.Client().SendAsync(twice)).StatusCode);
        }

        // Keys pasted with a control character, a NUL or a non-ASCII letter, written byte for byte: refused, by Kestrel's HTTP
        // parser (400, which logs the bad header line when it logs at Debug) or by the key lookup (401).
        var statuses = new List<string>();
        foreach (var broken in new[] { $"Bearer {editor}\u0001", $"Bearer {reviewer}\u007f", $"Bearer {editor}\u0000", $"Bearer {reviewer}\u00e9" })
            statuses.Add(await Raw(broken));
        Assert.All(statuses, s => Assert.Matches("^HTTP/1.1 40[01] ", s));
        Assert.Contains(statuses, s => s.StartsWith("HTTP/1.1 400", StringComparison.Ordinal));

        // The server never reads a key from the query string: it does not authenticate.
        await Problem(server.Client(), "/api/changes?access_token=flm_kdeadbeefcafe_x", Change("abu-qalqal", "SDF", "2020-03-05"), 401, "Authorization");

        await Task.Delay(200); // Kestrel logs a connection's end after the response
        var lines = server.Logs.Lines.ToList();
        // The capture really ran at Trace level and saw these requests.
        Assert.Contains(lines, l => l.Contains("Request starting HTTP/1.1 POST", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("Trace ", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("was not authenticated", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("Microsoft.AspNetCore.Server.Kestrel", StringComparison.Ordinal));

        var leaks = (from secret in secrets
                     from start in Enumerable.Range(0, secret.Length - 7)
                     let window = secret.Substring(start, 8)
                     from line in lines
                     where line.Contains(window, StringComparison.Ordinal)
                     select line).Distinct().ToList();
        Assert.True(leaks.Count == 0, "API key material in the logs:\n" + string.Join("\n", leaks));
    }

    private HttpClient Client(string? token, string? authorization = null)
    {
        var client = server.Client();
        if (authorization is not null) client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", authorization);
        else if (token is not null) client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", "Bearer " + token);
        return client;
    }

    private static string RandomSecret() =>
        Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>Sends a write whose Authorization header is written byte for byte, as a broken client would; returns the status line.</summary>
    private async Task<string> Raw(string authorization)
    {
        var uri = new Uri(server.BaseUrl);
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(uri.Host, uri.Port);
        var stream = tcp.GetStream();
        var body = Change("abu-qalqal", "SDF", "2020-03-05");
        var request = $"POST /api/changes HTTP/1.1\r\nHost: {uri.Authority}\r\nAuthorization: {authorization}\r\nContent-Type: application/json\r\n" +
                      $"Content-Length: {Encoding.UTF8.GetByteCount(body)}\r\nConnection: close\r\n\r\n{body}";
        await stream.WriteAsync(Encoding.Latin1.GetBytes(request));
        using var reader = new StreamReader(stream, Encoding.Latin1);
        return await reader.ReadLineAsync() ?? "";
    }
}

/// <summary>A logger provider that keeps every line (level, category, message, exception, structured values, scopes).</summary>
public sealed class CapturingLoggerProvider : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _lines = new();

    /// <summary>The lines so far.</summary>
    public IEnumerable<string> Lines => _lines;

    /// <inheritdoc />
    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _lines);

    /// <inheritdoc />
    public void Dispose()
    {
    }

    private sealed class Logger(string category, ConcurrentQueue<string> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull
        {
            lines.Enqueue($"Scope {category}: {state}{Values(state)}");
            return null;
        }

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            lines.Enqueue($"{logLevel} {category}[{eventId.Id}]: {formatter(state, exception)}{Values(state)}{(exception is null ? "" : "\n" + exception)}");

        private static string Values<TState>(TState state) =>
            state is IEnumerable<KeyValuePair<string, object?>> pairs ? " {" + string.Join("; ", pairs.Select(p => $"{p.Key}={p.Value}")) + "}" : "";
    }
}

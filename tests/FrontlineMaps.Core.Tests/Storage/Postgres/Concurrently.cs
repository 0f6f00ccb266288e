using System.Collections.Concurrent;

namespace FrontlineMaps.Core.Tests.Storage.Postgres;

/// <summary>Races: the same work on several threads released together.</summary>
internal static class Concurrently
{
    /// <summary>
    /// Runs <paramref name="body"/>(i) for i in [0, <paramref name="count"/>) on as many threads, released at once by a
    /// barrier, waits for all of them and returns the exceptions they threw (empty when every one succeeded).
    /// </summary>
    public static IReadOnlyCollection<Exception> Run(int count, Action<int> body)
    {
        var errors = new ConcurrentBag<Exception>();
        using var go = new Barrier(count);
        var threads = Enumerable.Range(0, count).Select(i => new Thread(() =>
        {
            go.SignalAndWait();
            try
            {
                body(i);
            }
            catch (Exception e)
            {
                errors.Add(e);
            }
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        return errors;
    }
}

using System.Diagnostics;
using System.Text;
using BenchmarkDotNet.Attributes;
using FrontlineMaps.Core.Domain;
using FrontlineMaps.Core.Ingest;
using FrontlineMaps.Core.Storage;

namespace FrontlineMaps.Benchmarks;

/// <summary>
/// The report ingester's throughput once the gazetteer is loaded: a 1,000-word report (our own sentences in the shapes of
/// wire copy, state media and monitor summaries: captures, lists of villages, agentless falls, withdrawals, denials,
/// shelling and strikes that change nothing) over the embedded places merged with the OCHA and Wikipedia gazetteers.
/// The target is well under 20 ms per report. The setup prints the gazetteer's load time and the memory it keeps.
/// </summary>
[MemoryDiagnoser]
public class IngestBenchmarks
{
    private ReportIngester _ingester = null!;
    private string _report = null!;
    private readonly ReportInfo _info = new(new DateOnly(2019, 12, 3), "Example Wire");

    /// <summary>Loads the gazetteer once, measuring time and retained memory, and builds the 1,000-word report.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var before = Retained();
        var sw = Stopwatch.StartNew();
        _ingester = IngestGazetteerLoad.Build();
        sw.Stop();
        var after = Retained();
        Console.WriteLine($"// gazetteer: {_ingester.Matcher.Places.Count:N0} places loaded and indexed in {sw.Elapsed.TotalMilliseconds:F0} ms, retaining {(after - before) / 1e6:F1} MB");
        _report = ThousandWords();
        Console.WriteLine($"// report: {_report.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length} words, {_ingester.Ingest(_report, _info).Facts.Length} facts");
        // CPU time per report next to wall time: on a shared machine (load far above the core count) wall time mostly measures waiting
        for (var i = 0; i < 5; i++) _ingester.Ingest(_report, _info);
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var wall = Stopwatch.StartNew();
        const int n = 30;
        for (var i = 0; i < n; i++) _ingester.Ingest(_report, _info);
        Console.WriteLine($"// per report: {(Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds / n:F1} ms CPU, {wall.Elapsed.TotalMilliseconds / n:F1} ms wall (load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]})");
    }

    private static long Retained()
    {
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        return GC.GetTotalMemory(forceFullCollection: true);
    }

    /// <summary>A report of about 1,000 words from a paragraph pool of our own, in a fixed order.</summary>
    internal static string ThousandWords()
    {
        string[] pool =
        [
            "BEIRUT (Example Wire) - Government forces captured the villages of Kafr Nabl, Hass and Kafruma in the southern Idlib countryside on Monday, state media said.",
            "The Syrian Observatory for Human Rights said the army had taken Kafr Nabl after two days of heavy shelling, but rebel commanders denied this.",
            "Rebels pushed into the countryside east of Saraqib on Tuesday. Saraqib fell on Wednesday morning, residents said, after government troops withdrew from the town overnight.",
            "Russian jets struck Ariha and Jisr al-Shughur, killing at least eleven civilians, according to rescue workers.",
            "The army's capture of Khan Shaykhun in August cut the last supply line to the rebel pocket in northern Hama.",
            "Turkish-backed rebels seized the village of Qabasin from the Islamic State, the Turkish military said in a statement.",
            "Fighting continued between the rebels and government forces inside parts of Maarat al-Numan, the monitor said.",
            "Islamic State militants ambushed an army convoy near Sukhnah, killing six soldiers, but no territory changed hands.",
            "The town of Morek remains under government control, and Turkish troops keep an observation post on its outskirts.",
            "Commanders said the capture of Saraqib would open the road to Aleppo, which government forces have held since December 2016.",
            "Units of the Syrian Democratic Forces took Tabqa on Friday after a week of fighting, and the Manbij Military Council said it had repelled an attack on Manbij.",
            "This could not be independently verified. The SDF said it would withdraw from Tal Rifaat within weeks under the deal.",
        ];
        var sb = new StringBuilder();
        var words = 0;
        for (var i = 0; words < 1000; i++)
        {
            var p = pool[i % pool.Length];
            sb.Append(p).Append(i % 3 == 2 ? "\n\n" : " ");
            words += p.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
        }
        return sb.ToString();
    }

    /// <summary>One 1,000-word report, gazetteer loaded.</summary>
    [Benchmark]
    public int IngestThousandWordReport() => _ingester.Ingest(_report, _info).Facts.Length;

    /// <summary>The same report with the explanation recorded (what <c>--explain</c> costs).</summary>
    [Benchmark]
    public int IngestThousandWordReportExplained() => _ingester.Ingest(_report, _info, new IngestExplanation()).Facts.Length;
}

/// <summary>Loading the gazetteer the ingester resolves names in: the embedded places merged with OCHA and the Wikipedia map, indexed.</summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 1, iterationCount: 5)]
public class IngestGazetteerLoad
{
    internal static ReportIngester Build()
    {
        var dataset = EmbeddedDataset.Load();
        var places = IngestGazetteer.Build(dataset.Places,
            [RepoPaths.Shared("data", "gazetteer", "ocha-syria-communities-2015.geojson"), RepoPaths.Shared("data", "gazetteer", "wikipedia-syria-detailed-map-2026-01-30.json")]);
        return new ReportIngester(dataset.Factions, places, IngestGazetteer.ReadGovernorateAliases(RepoPaths.Shared("data", "admin", "governorates.json")));
    }

    /// <summary>Reads, merges and indexes the gazetteers and prepares the faction patterns.</summary>
    [Benchmark]
    public ReportIngester LoadGazetteerAndBuildIngester() => Build();
}

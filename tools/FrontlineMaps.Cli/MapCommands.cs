using System.CommandLine;
using System.Globalization;
using FrontlineMaps.Core.Derivation;
using FrontlineMaps.Core.Domain;
using FrontlineMaps.Core.Encoders;
using FrontlineMaps.Core.Gazetteer;
using FrontlineMaps.Core.Timeline;

namespace FrontlineMaps.Cli;

/// <summary><c>frontline snapshot</c>, <c>history</c>, <c>changes</c>, <c>timeline</c> and <c>area</c>: the map and its records, read.</summary>
internal static class MapCommands
{
    public static void Add(RootCommand root, Option<string?> data, Option<string?> knownAt, CliSession session)
    {
        var (stdout, stderr) = (session.Stdout, session.Stderr);
        // snapshot
        var at = new Option<string>("--at") { Description = "Date of the map, YYYY-MM-DD (the map at the end of that day).", Required = true };
        var layer = new Option<string>("--layer") { Description = "Layer to write: places, territory or frontlines.", DefaultValueFactory = _ => "places" };
        layer.AcceptOnlyFromAmong("places", "territory", "frontlines");
        var snapshot = new Command("snapshot", "Write the map at a date as a GeoJSON FeatureCollection to stdout.") { at, layer };
        snapshot.SetAction(r =>
        {
            var day = CliArgs.ParseDate("--at", r.GetValue(at));
            var known = CliArgs.ParseKnownAt("--known-at", r.GetValue(knownAt));
            var timeline = session.LoadTimeline(r.GetValue(data));
            var snap = timeline.Snapshot(day, known);
            var output = new ArrayBufferWriterStream(stdout);
            switch (r.GetValue(layer))
            {
                case "territory":
                    GeoJsonFeatureEncoder.WriteTerritories(output.Buffer, CliSession.WithProgress(stderr, "Building place cells", () => new ControlMap(timeline)).Territories(snap), snap.ValidAt);
                    break;
                case "frontlines":
                    GeoJsonFeatureEncoder.WriteFrontLines(output.Buffer, CliSession.WithProgress(stderr, "Building place cells", () => new ControlMap(timeline)).FrontLines(snap), snap.ValidAt);
                    break;
                default:
                    new GeoJsonFeatureEncoder(timeline).WritePlaces(output.Buffer, snap);
                    break;
            }
            output.Flush();
            return 0;
        });
        root.Subcommands.Add(snapshot);

        // history
        var placeArg = new Argument<string>("PLACE") { Description = "Place id or any spelling of its name (Ejaz, Ajaz, A'jaz...)." };
        var historyFormat = new Option<string>("--format") { Description = "text or geojson.", DefaultValueFactory = _ => "text" };
        historyFormat.AcceptOnlyFromAmong("text", "geojson");
        var history = new Command("history", "Every record of one place, with its sources and the state after it.") { placeArg, historyFormat };
        history.SetAction(r =>
        {
            var known = CliArgs.ParseKnownAt("--known-at", r.GetValue(knownAt));
            var timeline = session.LoadTimeline(r.GetValue(data));
            var query = r.GetValue(placeArg)!;
            var found = new PlaceNameIndex(timeline.Places).Find(query);
            if (found.Count == 0) throw new CliUsageException("PLACE", $"no place is called '{query}'");
            if (found.Count > 1)
                throw new CliUsageException("PLACE", $"'{query}' names {found.Count} places; give an id: " +
                    string.Join(", ", found.Select(p => $"{p.Id} ({p.Admin.Governorate ?? "?"})")));
            var place = found[0];
            var entries = timeline.History(place.Id, known);
            if (r.GetValue(historyFormat) == "geojson")
            {
                var output = new ArrayBufferWriterStream(stdout);
                new GeoJsonFeatureEncoder(timeline).WriteChanges(output.Buffer, entries.Select(e => e.Change), known);
                output.Flush();
                return 0;
            }
            WriteHistoryText(stdout, timeline, place, entries);
            return 0;
        });
        root.Subcommands.Add(history);

        // changes
        var from = new Option<string>("--from") { Description = "First day (included), YYYY-MM-DD.", Required = true };
        var to = new Option<string>("--to") { Description = "Last day (excluded: intervals are half-open), YYYY-MM-DD.", Required = true };
        var changesFormat = new Option<string>("--format") { Description = "geojson or csv.", DefaultValueFactory = _ => "geojson" };
        changesFormat.AcceptOnlyFromAmong("geojson", "csv");
        var changes = new Command("changes", "The change feed: records whose day is in [from, to).") { from, to, changesFormat };
        changes.SetAction(r =>
        {
            var f = CliArgs.ParseDate("--from", r.GetValue(from));
            var t = CliArgs.ParseDate("--to", r.GetValue(to));
            if (t < f) throw new CliUsageException("--to", $"{t:yyyy-MM-dd} is before --from {f:yyyy-MM-dd}");
            var known = CliArgs.ParseKnownAt("--known-at", r.GetValue(knownAt));
            var timeline = session.LoadTimeline(r.GetValue(data));
            var feed = timeline.Changes(f, t, known);
            if (r.GetValue(changesFormat) == "csv")
            {
                ChangeCsv.Write(stdout, timeline, feed, known);
                return 0;
            }
            var output = new ArrayBufferWriterStream(stdout);
            new GeoJsonFeatureEncoder(timeline).WriteChanges(output.Buffer, feed, known);
            output.Flush();
            return 0;
        });
        root.Subcommands.Add(changes);

        // timeline
        var ticks = new Command("timeline", "The days with records and their counts per faction (the ticks of the timeline).");
        ticks.SetAction(r =>
        {
            var known = CliArgs.ParseKnownAt("--known-at", r.GetValue(knownAt));
            var timeline = session.LoadTimeline(r.GetValue(data));
            foreach (var d in timeline.ChangeDates(known))
                stdout.WriteLine($"{d.Day:yyyy-MM-dd}  {d.Total,5}  {string.Join(' ', d.PerFaction.Select(kv => $"{kv.Key}={kv.Value}"))}");
            return 0;
        });
        root.Subcommands.Add(ticks);

        // area
        var areaAt = new Option<string>("--at") { Description = "Date, YYYY-MM-DD.", Required = true };
        var area = new Command("area", "Held area per faction in km² at a date.") { areaAt };
        area.SetAction(r =>
        {
            var day = CliArgs.ParseDate("--at", r.GetValue(areaAt));
            var known = CliArgs.ParseKnownAt("--known-at", r.GetValue(knownAt));
            var timeline = session.LoadTimeline(r.GetValue(data));
            var map = CliSession.WithProgress(stderr, "Building place cells", () => new ControlMap(timeline));
            foreach (var (faction, km2) in map.AreaByFaction(timeline.Snapshot(day, known)))
                stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{faction}\t{km2:F1}"));
            return 0;
        });
        root.Subcommands.Add(area);
    }

    private static void WriteHistoryText(TextWriter stdout, ControlTimeline timeline, Place place, IReadOnlyList<HistoryEntry> entries)
    {
        var sources = timeline.Dataset.Sources.ToDictionary(s => s.Id);
        stdout.WriteLine($"{place.Name} ({place.Id}){(place.AlternateNames.IsDefaultOrEmpty ? "" : " — also " + string.Join(", ", place.AlternateNames))}");
        stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{place.Lat:F4}, {place.Lon:F4}{(place.LocationIsApproximate ? " (approximate)" : "")}  {place.Admin.Governorate} {place.Admin.District}"));
        if (entries.Count == 0) stdout.WriteLine("no records");
        foreach (var e in entries)
        {
            var c = e.Change;
            var state = e.StateAfter;
            var holder = state.Controller >= 0 ? timeline.Factions[state.Controller].Id : "-";
            var parties = string.Join("/", state.Parties.Select(p => timeline.Factions[p].Id));
            stdout.WriteLine();
            stdout.WriteLine($"{GeoJsonFeatureEncoder.FormatValidFrom(c.ValidTime)}{(c.ValidTime.ApproxTo is { } a ? $"..{a:yyyy-MM-dd}" : "")}  " +
                $"{GeoJsonFeatureEncoder.KindName(c.Kind)} {GeoJsonFeatureEncoder.StatusName(c.Status)}{(c.FactionId is null ? "" : " by " + c.FactionId)}" +
                $"{(c.Retracts is null ? "" : " (retracts " + c.Retracts + ")")}{(e.Retracted ? "  [RETRACTED]" : "")}  [{c.Id}]");
            stdout.WriteLine($"    → {GeoJsonFeatureEncoder.StatusName(state.Status)} {holder}{(state.Parties.Length > 1 ? " (" + parties + ")" : "")}");
            foreach (var cit in c.Sources)
            {
                var s = sources.GetValueOrDefault(cit.SourceId);
                stdout.WriteLine($"    source: {s?.Publisher}, \"{s?.Title}\", {s?.Published:yyyy-MM-dd}{(s?.Url is null ? "" : " " + s.Url)}{(cit.Claimant is null ? "" : $" — claimed by {cit.Claimant}")}");
            }
            if (c.Note is not null) stdout.WriteLine($"    note: {c.Note}");
            stdout.WriteLine($"    recorded {c.RecordedAt:yyyy-MM-dd HH:mm:ss}Z by {c.RecordedBy}");
        }
    }
}

/// <summary>Buffers UTF-8 output and copies it to a <see cref="TextWriter"/> (stdout) in one go.</summary>
internal sealed class ArrayBufferWriterStream(TextWriter target)
{
    public System.Buffers.ArrayBufferWriter<byte> Buffer { get; } = new(1 << 16);

    public void Flush()
    {
        target.Write(System.Text.Encoding.UTF8.GetString(Buffer.WrittenSpan));
        target.WriteLine();
        target.Flush();
    }
}

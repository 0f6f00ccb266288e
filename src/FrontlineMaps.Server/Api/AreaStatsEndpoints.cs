using System.Text.Json;
using FrontlineMaps.Core.Domain;
using FrontlineMaps.Core.Derivation;
using FrontlineMaps.Core.Encoders;
using FrontlineMaps.Core.Timeline;
using FrontlineMaps.Server.Hosting;
using FrontlineMaps.Server.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using static FrontlineMaps.Server.Api.ApiRequest;

namespace FrontlineMaps.Server.Api;

/// <summary><c>/api/stats/area</c>: the area each faction holds, sampled by day, week or month.</summary>
public static class AreaStatsEndpoints
{
    /// <summary>Most steps an area series may have (about ten years of days).</summary>
    public const int MaxAreaSteps = 3_700;

    /// <summary><c>GET /api/stats/area</c>.</summary>
    internal static FileContentHttpResult AreaStats([FromQuery(Name = "from")] string? fromText, [FromQuery(Name = "to")] string? toText,
        [FromQuery(Name = "step")] string? stepText, [FromQuery(Name = "known_at")] string? knownAtText, [FromServices] MapState state)
    {
        var (first, last) = state.DateRange;
        var from = OptionalDay("from", fromText, state) ?? first;
        var to = OptionalDay("to", toText, state) ?? last;
        RequireOrdered(from, to);
        stepText ??= "month";
        var step = stepText switch
        {
            "day" => AreaStep.Day,
            "week" => AreaStep.Week,
            "month" => AreaStep.Month,
            _ => throw ProblemException.BadRequest("step", $"'{stepText}' is not a step: expected day, week or month"),
        };
        var steps = step switch
        {
            AreaStep.Day => to.DayNumber - from.DayNumber + 1,
            AreaStep.Week => (to.DayNumber - from.DayNumber) / 7 + 1,
            _ => MonthSteps(from, to),
        };
        if (steps > MaxAreaSteps)
            throw ProblemException.Unprocessable("step", $"{steps} {stepText} steps from {Day(from)} to {Day(to)} exceed the limit of {MaxAreaSteps}; use a longer step or a shorter interval");
        var knownAt = KnownAt(knownAtText);
        var series = state.Map.AreaSeries(from, to, step, knownAt);
        return Json(w =>
        {
            w.WriteStartObject();
            w.WriteString("from", Day(from));
            w.WriteString("to", Day(to));
            w.WriteString("step", stepText);
            WriteKnownAt(w, knownAt);
            w.WriteString("data_version", state.DataVersion);
            w.WritePropertyName("series");
            w.WriteStartArray();
            foreach (var sample in series)
            {
                w.WriteStartObject();
                w.WriteString("date", Day(sample.Day));
                w.WritePropertyName("km2");
                w.WriteStartObject();
                foreach (var (faction, km2) in sample.Km2) w.WriteNumber(faction, Km2(km2));
                w.WriteEndObject();
                w.WritePropertyName("inferred_km2");
                w.WriteStartObject();
                foreach (var (faction, km2) in sample.InferredKm2) w.WriteNumber(faction, Km2(km2));
                w.WriteEndObject();
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        });
    }

    /// <summary>Number of monthly steps (same day of month, clamped) from <paramref name="from"/> up to <paramref name="to"/>.</summary>
    private static int MonthSteps(DateOnly from, DateOnly to)
    {
        var months = (to.Year - from.Year) * 12 + to.Month - from.Month;
        if (months > 0 && from.AddMonths(months) > to) months--;
        return Math.Max(0, months) + 1;
    }
}

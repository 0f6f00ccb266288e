using System.Text.Json;

namespace FrontlineMaps.Viewer.Tests;

/// <summary>Helpers the walk-through tests share.</summary>
public static class Walk
{
    /// <summary>Fails with every problem the page had (console errors, page errors, failed requests), in full.</summary>
    public static void NoProblems(ViewerPage v) => Assert.True(v.Problems.Count == 0, string.Join("\n", v.Problems));

    /// <summary>GETs JSON from the server.</summary>
    public static async Task<JsonElement> GetJsonAsync(string baseUrl, string path)
    {
        using var http = new HttpClient();
        return JsonDocument.Parse(await http.GetStringAsync(baseUrl + path)).RootElement.Clone();
    }

    /// <summary>Where a map coordinate is on the page (CSS pixels).</summary>
    public static async Task<(float X, float Y)> PointOfAsync(ViewerPage v, double lon, double lat)
    {
        var p = await v.Page.EvaluateAsync<JsonElement>(
            "([lon, lat]) => { const p = window.__fm.map.project([lon, lat]); const r = window.__fm.map.getCanvas().getBoundingClientRect(); return { x: p.x + r.left, y: p.y + r.top }; }",
            new[] { lon, lat });
        return (p.GetProperty("x").GetSingle(), p.GetProperty("y").GetSingle());
    }
}

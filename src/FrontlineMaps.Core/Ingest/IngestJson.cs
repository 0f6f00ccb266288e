using System.Text;
using System.Text.Json;

namespace FrontlineMaps.Core.Ingest;

/// <summary>Writes ingest results as JSON (the output of <c>frontline ingest</c>; described in docs/ingest.md).</summary>
public static class IngestJson
{
    /// <summary>The result as UTF-8 JSON text, indented or on one line (for an NDJSON stream).</summary>
    public static string Write(IngestResult result, string? file = null, bool indented = true)
    {
        using var ms = new MemoryStream();
        using (var w = new Utf8JsonWriter(ms, new JsonWriterOptions { Indented = indented, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteStartObject("report");
            if (file is not null) w.WriteString("file", file);
            w.WriteString("published", result.Report.Published.ToString("yyyy-MM-dd"));
            if (result.Report.Publisher is { } pub) w.WriteString("publisher", pub);
            if (result.Report.Title is { } t) w.WriteString("title", t);
            if (result.Report.Url is { } u) w.WriteString("url", u);
            w.WriteEndObject();
            w.WriteStartArray("facts");
            foreach (var f in result.Facts) WriteFact(w, f);
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(ms.ToArray());
    }

    private static void WriteFact(Utf8JsonWriter w, CandidateFact f)
    {
        w.WriteStartObject();
        w.WriteStartObject("place");
        w.WriteString("as_written", f.PlaceText);
        w.WriteString("resolution", f.Resolution);
        if (f.Place is { } p)
        {
            w.WriteString("id", p.Id);
            w.WriteString("name", p.Name);
            w.WriteNumber("lon", Math.Round(p.Lon, 5));
            w.WriteNumber("lat", Math.Round(p.Lat, 5));
            if (p.Governorate is not null) w.WriteString("governorate", p.Governorate);
        }
        if (f.Resolution != "resolved" || f.Candidates.Length > 1)
        {
            w.WriteStartArray("candidates");
            foreach (var c in f.Candidates)
            {
                w.WriteStartObject();
                w.WriteString("id", c.Id);
                w.WriteString("name", c.Name);
                w.WriteNumber("lon", Math.Round(c.Lon, 5));
                w.WriteNumber("lat", Math.Round(c.Lat, 5));
                if (c.Governorate is not null) w.WriteString("governorate", c.Governorate);
                w.WriteNumber("score", c.Score);
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }
        if (f.Near is { } near)
        {
            w.WriteStartObject("near");
            w.WriteString("id", near.Id);
            w.WriteString("name", near.Name);
            w.WriteNumber("lon", Math.Round(near.Lon, 5));
            w.WriteNumber("lat", Math.Round(near.Lat, 5));
            w.WriteEndObject();
        }
        w.WriteEndObject();
        w.WriteString("faction", f.FactionId);
        w.WriteString("faction_as_written", f.FactionText);
        w.WriteString("kind", f.Kind);
        if (f.IsExactDate) w.WriteString("date", f.DateFrom.ToString("yyyy-MM-dd"));
        else
        {
            w.WriteStartObject("date");
            w.WriteString("from", f.DateFrom.ToString("yyyy-MM-dd"));
            w.WriteString("to", f.DateTo.ToString("yyyy-MM-dd"));
            w.WriteEndObject();
        }
        w.WriteString("date_basis", f.DateBasis);
        w.WriteString("status", f.Status);
        if (f.Claimant is not null) w.WriteString("claimant", f.Claimant); else w.WriteNull("claimant");
        w.WriteStartObject("evidence");
        w.WriteNumber("start", f.EvidenceStart);
        w.WriteNumber("end", f.EvidenceEnd);
        w.WriteNumber("place_start", f.PlaceStart);
        w.WriteNumber("place_end", f.PlaceEnd);
        w.WriteString("cue", f.Cue);
        w.WriteString("rule", f.Rule);
        w.WriteEndObject();
        w.WriteNumber("confidence", f.Confidence);
        w.WriteEndObject();
    }
}

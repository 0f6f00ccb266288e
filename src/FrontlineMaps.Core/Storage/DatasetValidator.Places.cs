using FrontlineMaps.Core.Domain;

namespace FrontlineMaps.Core.Storage;

public static partial class DatasetValidator
{
    /// <summary>The rules of sources and places.</summary>
    private sealed partial class Run
    {
        private void Source(Source s)
        {
            Id("id", s.Id, _ids.Sources);
            Text("publisher", s.Publisher);
            Text("title", s.Title);
            if (s.Url is not null && (stored
                    ? !(Uri.TryCreate(s.Url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp))
                    : SourceUrl.Problem(s.Url) is not null))
                throw Error("url", SourceUrl.Problem(s.Url) ?? $"expected an absolute http(s) address, found '{s.Url}'");
        }

        private void Place(Place p)
        {
            Id("id", p.Id, _ids.Places);
            Text("name", p.Name);
            Texts("names", p.AlternateNames);
            if (!Enum.IsDefined(p.Kind))
                throw Error("kind", $"unknown value '{p.Kind}'");
            if (!double.IsFinite(p.Lon) || p.Lon < -180 || p.Lon > 180)
                throw Error("lon", $"{p.Lon} is not a longitude in [-180, 180]");
            if (!double.IsFinite(p.Lat) || p.Lat < -90 || p.Lat > 90)
                throw Error("lat", $"{p.Lat} is not a latitude in [-90, 90]");
            var admin = p.Admin ?? AdminUnits.None;
            OptionalText("governorate", admin.Governorate);
            OptionalText("district", admin.District);
            OptionalText("subdistrict", admin.Subdistrict);
            OptionalText("pcode", admin.PCode);
            if (p.Population < 0)
                throw Error("population", $"{p.Population} is negative");
            OptionalText("note", p.Note);
        }
    }
}

using System.Collections.Immutable;
using FrontlineMaps.Core.Domain;
using FrontlineMaps.Core.Gazetteer;

namespace FrontlineMaps.Core.Tests.Ingest;

/// <summary>Transliteration variants of one Arabic name fold to one key; different names do not.</summary>
public class NameKeyTests
{
    [Theory]
    [InlineData("Ejaz", "Ajaz")]
    [InlineData("Ajaaz", "A'jaz")]
    [InlineData("Ijaz", "A’jaz")]
    [InlineData("Tell Dam", "Tal Dam")]
    [InlineData("Tall Tamr", "Tel Tamr")]
    [InlineData("Ain Issa", "Ayn Issa")]
    [InlineData("Ein Issa", "ʿAyn ʿĪsā")]
    [InlineData("Kafr Nabl", "Kfar Nabl")]
    [InlineData("Deir ez-Zor", "Dayr az-Zawr")]
    [InlineData("al-Bab", "Al Bab")]
    [InlineData("el-Bab", "Bab")]
    [InlineData("Lattakia", "Latakia")]
    [InlineData("Qamishli", "Kamishli")]
    [InlineData("Maarat al-Nu'man", "Ma'arrat an-Nu'man")]
    [InlineData("Mushairfeh", "Mushayrfah")]
    [InlineData("Sarouj", "Saruj")]
    [InlineData("Jibbin", "Jibin")]
    [InlineData("Umm al-Khalakhil", "Um el-Khalakhil")]
    [InlineData("Abou Kamal", "Abu Kamal")]
    [InlineData("Khirbet Awad", "Kherbet Awad")]
    public void Spelling_variants_share_a_key(string a, string b) => Assert.Equal(NameKey.Of(a), NameKey.Of(b));

    [Theory]
    [InlineData("Bab", "Bawab")]
    [InlineData("Sarjah", "Sarouj")]
    [InlineData("Ahras", "Harasta")]
    [InlineData("Tell Dam", "Tell Damshij")]
    public void Different_names_keep_different_keys(string a, string b) => Assert.NotEqual(NameKey.Of(a), NameKey.Of(b));

    [Fact]
    public void Direction_and_type_words_and_glued_articles_are_dropped_in_variant_keys()
    {
        Assert.Contains(NameKey.Of("Msheirfeh"), NameKey.Variants("Northern Msheirfeh"));
        Assert.Contains(NameKey.Of("Sarja"), NameKey.Variants("Sarja Sharqiya"));
        Assert.Contains(NameKey.Of("Um Rumman"), NameKey.Variants("Um Elrumman"));
    }

    [Fact]
    public void Arabic_script_is_normalised_for_hamza_alef_ta_marbuta_and_the_article()
    {
        Assert.Equal(NameKey.Of("إدلب"), NameKey.Of("ادلب"));
        Assert.Equal(NameKey.Of("الرقة"), NameKey.Of("رقه"));
        Assert.Equal(NameKey.Of("اعزاز"), NameKey.Of("أعزاز"));
    }

    [Fact]
    public void An_inserted_vowel_is_a_near_match_and_a_different_consonant_is_not()
    {
        Assert.True(NameKey.Similarity(NameKey.Of("Istablat"), NameKey.Of("Istabalat")) > 0.9);
        Assert.True(NameKey.Similarity(NameKey.Of("Rasm al-Ward"), NameKey.Of("Rasam al-Ward")) > 0.9);
        Assert.True(NameKey.Similarity(NameKey.Of("Ahras"), NameKey.Of("Aleppo")) < 0.5);
    }

    private static Place P(string id, string name, double lon, double lat, string? gov, params string[] alt) =>
        new(id, name, [.. alt], PlaceKind.Village, lon, lat, new AdminUnits(gov, null, null, null));

    [Fact]
    public void The_matcher_finds_every_namesake_by_any_spelling_and_by_Arabic_script()
    {
        var m = new PlaceMatcher([
            P("rasm-idlib", "Rasm al-Ward", 36.969, 35.679, "Idleb", "رسم الورد"),
            P("rasm-hama", "Rasm Elward", 37.2, 35.2, "Hama"),
            P("ahras", "Ahras", 37.142, 36.4, "Aleppo"),
        ]);
        var found = m.Match("Rasam al-Ward");
        Assert.Equal(["rasm-hama", "rasm-idlib"], found.Select(x => x.Place.Id).Order());
        Assert.Equal("rasm-idlib", Assert.Single(m.Match("رسم الورد")).Place.Id);
        Assert.Empty(m.Match("Harasta"));
    }

    [Fact]
    public void Merging_a_second_gazetteer_adds_spellings_to_the_near_namesake_and_adds_the_rest()
    {
        ImmutableArray<Place> existing = [P("ejaz", "Ejaz", 36.929, 35.624, "Idleb"), P("tal-dam", "Tal Dam", 36.893, 35.572, "Idleb")];
        ImmutableArray<Place> incoming = [
            P("wp-ajaz", "Ajaz", 36.93, 35.625, null),          // same village, 0.1 km away
            P("wp-ejaz-far", "Ejaz", 38.5, 35.9, null),          // a namesake 150 km away
            P("wp-new", "Istabalat", 36.978, 35.689, null),       // not there yet
        ];
        var r = GazetteerMerger.Merge(existing, incoming);
        Assert.Equal((1, 2, 0), (r.Merged, r.Added, r.Ambiguous));
        Assert.Contains("Ajaz", r.Places.Single(p => p.Id == "ejaz").AlternateNames);
        Assert.Equal(5 - 1, r.Places.Length);
    }
}

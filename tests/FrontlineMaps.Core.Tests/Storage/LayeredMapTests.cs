using FrontlineMaps.Core.Storage;

namespace FrontlineMaps.Core.Tests.Storage;

/// <summary>The validator's id maps, layered over the ids of the write before, hold what a copied dictionary would.</summary>
public sealed class LayeredMapTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Every_layer_holds_what_a_dictionary_changed_the_same_way_holds_and_the_layers_below_are_left_as_they_were(int seed)
    {
        var random = new Random(seed);
        var map = new LayeredMap<int>();
        var expected = new Dictionary<string, int>(StringComparer.Ordinal);
        var frozen = new List<(LayeredMap<int> Map, Dictionary<string, int> Expected)>();
        for (var write = 0; write < 60; write++) // deeper than a layer stack goes before it is flattened
        {
            for (var op = 0; op < 20; op++)
            {
                var key = $"k{random.Next(40)}";
                switch (random.Next(4))
                {
                    case 0:
                        Assert.Equal(expected.TryAdd(key, op), map.TryAdd(key, op));
                        break;
                    case 1:
                        Assert.Equal(expected.Remove(key), map.Remove(key));
                        break;
                    case 2:
                        expected[key] = op;
                        map[key] = op;
                        break;
                    default:
                        Assert.Equal(expected.GetValueOrDefault(key, -1), map.TryGetValue(key, out var v) ? v : -1);
                        break;
                }
                Assert.Equal(expected.Count, map.Count);
            }
            frozen.Add((map, new Dictionary<string, int>(expected)));
            map = new LayeredMap<int>(map);
            Assert.Equal(expected.Count, map.Count);
        }

        foreach (var (layer, held) in frozen)
        {
            Assert.Equal(held.Count, layer.Count);
            for (var k = 0; k < 40; k++)
                Assert.Equal(held.GetValueOrDefault($"k{k}", -1), layer.TryGetValue($"k{k}", out var v) ? v : -1);
            Assert.Equal(held.Keys.Order(StringComparer.Ordinal), layer.Keys.Order(StringComparer.Ordinal));
        }
    }

    [Fact]
    public void A_set_layered_over_another_adds_and_removes_on_its_own()
    {
        var below = new LayeredSet();
        Assert.True(below.Add("c1"));
        var above = new LayeredSet(below);
        Assert.False(above.Add("c1"));
        Assert.True(above.Remove("c1"));
        Assert.True(above.Add("c2"));

        Assert.Equal((true, false), (below.Contains("c1"), below.Contains("c2")));
        Assert.Equal((false, true, 1), (above.Contains("c1"), above.Contains("c2"), above.Count));
        Assert.Equal(["c2"], above);
    }
}

namespace FrontlineMaps.Core.Tests;

/// <summary>
/// Golden files for encoded output: tests/FrontlineMaps.Core.Tests/Golden/NAME. To accept new output after a deliberate change:
/// <c>FRONTLINE_ACCEPT_GOLDEN=1 dotnet test --filter Golden</c>, then review <c>git diff</c>.
/// </summary>
internal static class Golden
{
    public static bool Accepting => Environment.GetEnvironmentVariable("FRONTLINE_ACCEPT_GOLDEN") == "1";

    public static void Verify(string name, string actual)
    {
        var path = RepoPaths.InRepo("tests", "FrontlineMaps.Core.Tests", "Golden", name);
        actual = actual.ReplaceLineEndings("\n");
        if (Accepting)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, actual);
            return;
        }
        Assert.True(File.Exists(path), $"golden file {path} is missing; run FRONTLINE_ACCEPT_GOLDEN=1 dotnet test --filter Golden");
        var expected = File.ReadAllText(path).ReplaceLineEndings("\n");
        if (expected != actual)
        {
            var actualPath = path + ".actual";
            File.WriteAllText(actualPath, actual);
            var line = FirstDifferentLine(expected, actual);
            Assert.Fail($"{name} differs from its golden file at line {line} (actual output written to {actualPath}). " +
                        "If the change is intended: FRONTLINE_ACCEPT_GOLDEN=1 dotnet test --filter Golden");
        }
    }

    private static int FirstDifferentLine(string a, string b)
    {
        var la = a.Split('\n');
        var lb = b.Split('\n');
        for (var i = 0; i < Math.Min(la.Length, lb.Length); i++) if (la[i] != lb[i]) return i + 1;
        return Math.Min(la.Length, lb.Length) + 1;
    }
}

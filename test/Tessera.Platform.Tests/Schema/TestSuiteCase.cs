using System.Text.Json.Nodes;
using Tessera.Platform.Schema;
using Xunit.Abstractions;

namespace Tessera.Platform.Tests.Schema;

/// <summary>One test of the official JSON-Schema-Test-Suite: a schema, an instance and the expected verdict.</summary>
public sealed class TestSuiteCase : IXunitSerializable
{
    public TestSuiteCase()
    {
    }

    public TestSuiteCase(string file, int group, int test)
    {
        File = file;
        Group = group;
        Test = test;
    }

    public string File { get; private set; } = "";

    public int Group { get; private set; }

    public int Test { get; private set; }

    public static string Root => Path.Combine(AppContext.BaseDirectory, "Schema", "TestSuite");

    public static IEnumerable<object[]> All(string draft, bool optional)
    {
        var folder = Path.Combine(Root, "tests", draft);
        var files = Directory.EnumerateFiles(folder, "*.json", SearchOption.AllDirectories)
            .Where(f => Path.GetRelativePath(folder, f).StartsWith("optional", StringComparison.Ordinal) == optional)
            .Order(StringComparer.Ordinal);
        foreach (var file in files)
        {
            var groups = JsonNode.Parse(System.IO.File.ReadAllText(file))!.AsArray();
            for (var g = 0; g < groups.Count; g++)
            {
                for (var t = 0; t < groups[g]!["tests"]!.AsArray().Count; t++)
                {
                    yield return [new TestSuiteCase(Path.GetRelativePath(Root, file), g, t)];
                }
            }
        }
    }

    public static IReadOnlyDictionary<string, JsonNode> Remotes { get; } = LoadRemotes();

    /// <summary>Runs the case; returns (expected, actual, description).</summary>
    public (bool Expected, bool Actual, string Description) Run(JsonSchemaDraft draft, bool assertFormat)
    {
        var group = JsonNode.Parse(System.IO.File.ReadAllText(Path.Combine(Root, File)))!.AsArray()[Group]!;
        var test = group["tests"]![Test]!;
        var schema = JsonSchema.Compile(group["schema"], new JsonSchemaOptions { DefaultDraft = draft, AssertFormat = assertFormat, Remotes = Remotes });
        var result = schema.Validate(test["data"]);
        return (test["valid"]!.GetValue<bool>(), result.IsValid, $"{group["description"]} / {test["description"]}");
    }

    public void Deserialize(IXunitSerializationInfo info)
    {
        File = info.GetValue<string>(nameof(File));
        Group = info.GetValue<int>(nameof(Group));
        Test = info.GetValue<int>(nameof(Test));
    }

    public void Serialize(IXunitSerializationInfo info)
    {
        info.AddValue(nameof(File), File);
        info.AddValue(nameof(Group), Group);
        info.AddValue(nameof(Test), Test);
    }

    public override string ToString() => $"{File} #{Group}.{Test}";

    private static Dictionary<string, JsonNode> LoadRemotes()
    {
        var folder = Path.Combine(Root, "remotes");
        var remotes = new Dictionary<string, JsonNode>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(folder, "*.json", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(folder, file).Replace('\\', '/');
            remotes["http://localhost:1234/" + relative] = JsonNode.Parse(System.IO.File.ReadAllText(file))!;
        }

        return remotes;
    }
}

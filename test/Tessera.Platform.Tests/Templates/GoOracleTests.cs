using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Tessera.Platform.Templates;

namespace Tessera.Platform.Tests.Templates;

/// <summary>
/// The C# engine against real Go: <c>go-oracle/go-results.json</c> holds what Go's text/template with sprig printed
/// for every case of <see cref="GoTemplateTests"/> (recorded by the Go program in <c>go-oracle/</c>, see its README),
/// so the suite checks Go's behaviour without a Go toolchain. Setting <c>TESSERA_TEMPLATE_ORACLE_EXPORT</c> to a
/// path makes <see cref="Export_cases_for_the_go_oracle"/> write the case table for that program.
/// </summary>
public sealed class GoOracleTests
{
    private const string ExportVariable = "TESSERA_TEMPLATE_ORACLE_EXPORT";

    /// <summary>One case: data set ("T" or "Session"), options, the template and the table's expectation.</summary>
    internal sealed record OracleCase(string Data, string Template, string MissingKey, string Functions, string Expected);

    /// <summary>What Go did: "output", "parse-error", "exec-error", or "unchecked" (with a reason).</summary>
    internal sealed record GoResult(OracleCase Case, string Kind, string Text, string? Reason);

    internal static IEnumerable<OracleCase> AllCases()
    {
        foreach (var row in GoTemplateTests.Cases())
        {
            yield return new OracleCase("T", (string)row[0], "default", "sprig", (string)row[1]);
        }

        foreach (var row in GoTemplateTests.SessionCases())
        {
            yield return new OracleCase("Session", (string)row[0], "default", "sprig", (string)row[1]);
        }

        foreach (var extra in GoTemplateTests.OptionCases)
        {
            yield return extra;
        }
    }

    [Fact]
    public void Export_cases_for_the_go_oracle()
    {
        var path = Environment.GetEnvironmentVariable(ExportVariable);
        var cases = AllCases().ToList();
        Assert.NotEmpty(cases);
        if (string.IsNullOrEmpty(path))
        {
            return;
        }

        using var stream = File.Create(path);
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteStartArray("functions");
        foreach (var name in TemplateFunctions.Sprig.Names.Order(StringComparer.Ordinal))
        {
            json.WriteStringValue(name);
        }

        json.WriteEndArray();
        json.WriteStartArray("cases");
        foreach (var c in cases)
        {
            json.WriteStartObject();
            json.WriteString("data", c.Data);
            json.WriteString("template", c.Template);
            json.WriteString("missingkey", c.MissingKey);
            json.WriteString("functions", c.Functions);
            json.WriteString("expected", c.Expected);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    public static TheoryData<int> RecordedIndexes() => new(Enumerable.Range(0, Recorded.Value.Count));

    /// <summary>The engine prints what Go printed, and fails where and as Go failed (at the same stage, same message).</summary>
    [Theory]
    [MemberData(nameof(RecordedIndexes))]
    public void Engine_matches_recorded_go_result(int index)
    {
        var result = Recorded.Value[index];
        var c = result.Case;
        if (result.Kind == "unchecked")
        {
            Assert.False(string.IsNullOrWhiteSpace(result.Reason), $"unchecked case without a reason: {c.Template}");
            return;
        }

        // Outputs and error messages must be Go's, byte for byte; a reason marks an error whose text differs on purpose.
        var (kind, text) = Run(c);
        Assert.True(
            kind == result.Kind && (text == result.Text || (kind != "output" && result.Reason is not null)),
            $"{c.Data} {c.Template}\n  Go: {result.Kind}: {result.Text}\n  C#: {kind}: {text}");
    }

    /// <summary>Every case of the table was run by Go (or is marked unchecked), and Go's result agrees with the table.</summary>
    [Fact]
    public void Table_agrees_with_the_recorded_go_results()
    {
        var recorded = Recorded.Value.ToDictionary(r => r.Case with { Expected = "" });
        var problems = new List<string>();
        foreach (var c in AllCases())
        {
            if (!recorded.TryGetValue(c with { Expected = "" }, out var go))
            {
                problems.Add($"not recorded (run go-oracle): {c.Data} {c.Template}");
                continue;
            }

            var agrees = go.Kind switch
            {
                "unchecked" => true,
                "output" => c.Expected == "!" || c.Expected == go.Text,
                _ => c.Expected.StartsWith('!') && go.Text.Contains(c.Expected[1..], StringComparison.Ordinal),
            };
            if (!agrees)
            {
                problems.Add($"{c.Data} {c.Template}: table {c.Expected} / Go {go.Kind}: {go.Text}");
            }
        }

        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }

    internal static (string Kind, string Text) Run(OracleCase c)
    {
        var missingKey = c.MissingKey switch
        {
            "zero" => MissingKey.Zero,
            "error" => MissingKey.Error,
            _ => MissingKey.Default,
        };
        var functions = c.Functions == "custom" ? GoTemplateTests.CustomFunctions : TemplateFunctions.Sprig;
        GoTemplate template;
        try
        {
            template = GoTemplate.Parse("t", c.Template, functions, missingKey);
        }
        catch (TemplateParseException e)
        {
            return ("parse-error", e.Message);
        }

        try
        {
            var output = new StringBuilder();
            template.Execute(c.Data == "Session" ? TemplateData.Session : TemplateData.T, output);
            return ("output", output.ToString());
        }
        catch (TemplateExecutionException e)
        {
            return ("exec-error", e.Message);
        }
    }

    private static readonly Lazy<List<GoResult>> Recorded = new(() => Load(ResultsPath()));

    private static string ResultsPath([CallerFilePath] string source = "")
        => Path.Combine(Path.GetDirectoryName(source)!, "go-oracle", "go-results.json");

    private static List<GoResult> Load(string path)
    {
        var results = new List<GoResult>();
        if (!File.Exists(path))
        {
            return results;
        }

        using var document = JsonDocument.Parse(File.ReadAllBytes(path));
        foreach (var item in document.RootElement.EnumerateArray())
        {
            var c = new OracleCase(
                item.GetProperty("data").GetString()!,
                item.GetProperty("template").GetString()!,
                item.GetProperty("missingkey").GetString()!,
                item.GetProperty("functions").GetString()!,
                item.GetProperty("expected").GetString()!);
            results.Add(new GoResult(
                c,
                item.GetProperty("kind").GetString()!,
                item.TryGetProperty("text", out var text) ? text.GetString()! : "",
                item.TryGetProperty("reason", out var reason) ? reason.GetString() : null));
        }

        return results;
    }
}

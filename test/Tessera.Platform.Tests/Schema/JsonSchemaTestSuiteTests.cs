using Tessera.Platform.Schema;
using Xunit.Abstractions;

namespace Tessera.Platform.Tests.Schema;

/// <summary>Every required test of the official JSON-Schema-Test-Suite, for draft-07 and 2020-12.</summary>
public sealed class JsonSchemaTestSuiteTests(ITestOutputHelper output)
{
    public static IEnumerable<object[]> Draft7 => TestSuiteCase.All("draft7", optional: false);

    public static IEnumerable<object[]> Draft202012 => TestSuiteCase.All("draft2020-12", optional: false);

    [Theory]
    [MemberData(nameof(Draft7))]
    public void Draft7_required(TestSuiteCase test) => Check(test, JsonSchemaDraft.Draft7);

    [Theory]
    [MemberData(nameof(Draft202012))]
    public void Draft202012_required(TestSuiteCase test) => Check(test, JsonSchemaDraft.Draft202012);

    [Theory]
    [InlineData("draft7", JsonSchemaDraft.Draft7)]
    [InlineData("draft2020-12", JsonSchemaDraft.Draft202012)]
    public void Optional_format_pass_rate(string folder, JsonSchemaDraft draft)
    {
        var (passed, total, failures) = Rate(folder, draft, c => c.File.Contains("optional/format/", StringComparison.Ordinal) || c.File.Contains("optional\\format\\", StringComparison.Ordinal));
        output.WriteLine($"{folder} optional/format: {passed}/{total} ({100.0 * passed / total:F1}%)");
        foreach (var failure in failures)
        {
            output.WriteLine("  fails: " + failure);
        }

        // The floor is what the validator reached when this test was written; it must not regress.
        Assert.True(passed >= total * 0.9, $"optional/format pass rate fell to {passed}/{total}");
    }

    [Theory]
    [InlineData("draft7", JsonSchemaDraft.Draft7)]
    [InlineData("draft2020-12", JsonSchemaDraft.Draft202012)]
    public void Optional_other_pass_rate_is_reported(string folder, JsonSchemaDraft draft)
    {
        var (passed, total, failures) = Rate(folder, draft, c => !c.File.Contains("format", StringComparison.Ordinal));
        output.WriteLine($"{folder} optional (other than format): {passed}/{total} ({100.0 * passed / total:F1}%)");
        foreach (var failure in failures)
        {
            output.WriteLine("  fails: " + failure);
        }

        Assert.True(passed >= total * 0.5, $"optional pass rate fell to {passed}/{total}");
    }

    private static (int Passed, int Total, List<string> Failures) Rate(string folder, JsonSchemaDraft draft, Func<TestSuiteCase, bool> filter)
    {
        var passed = 0;
        var total = 0;
        var failures = new List<string>();
        foreach (var row in TestSuiteCase.All(folder, optional: true))
        {
            var test = (TestSuiteCase)row[0];
            if (!filter(test))
            {
                continue;
            }

            total++;
            try
            {
                var (expected, actual, description) = test.Run(draft, assertFormat: true);
                if (expected == actual)
                {
                    passed++;
                }
                else
                {
                    failures.Add($"{test}: {description}");
                }
            }
            catch (JsonSchemaException e)
            {
                failures.Add($"{test}: {e.Message}");
            }
        }

        return (passed, total, failures);
    }

    private static void Check(TestSuiteCase test, JsonSchemaDraft draft)
    {
        var (expected, actual, description) = test.Run(draft, assertFormat: false);
        Assert.True(expected == actual, $"{description}: expected {(expected ? "valid" : "invalid")}");
    }
}

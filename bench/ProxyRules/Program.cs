// Measures one rule lookup (index, and Oathkeeper's linear scan for comparison) for 10, 1,000 and
// 10,000 rules shaped like a real deployment: hosts × path prefixes × a regexp or glob tail.
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Tessera.Proxy.Rules;

foreach (var strategy in new[] { MatchingStrategy.Regexp, MatchingStrategy.Glob })
{
    foreach (var count in new[] { 10, 1_000, 10_000 })
    {
        var rules = CompiledRule.Load(Document(count, strategy), "bench", strategy);
        var set = new RuleSet(rules);
        var urls = Enumerable.Range(0, 1000).Select(i => Url(i * 7919 % count)).ToArray();
        var indexed = Measure(() => set.Match("GET", urls[Random.Shared.Next(urls.Length)]), count >= 10_000 ? 200_000 : 500_000);
        var linear = Measure(() => set.MatchLinear("GET", urls[Random.Shared.Next(urls.Length)]), count >= 10_000 ? 200 : count >= 1_000 ? 2_000 : 200_000);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{strategy,-6} {count,6} rules: index {indexed,8:0.00} µs/lookup   linear scan {linear,10:0.00} µs/lookup"));
    }
}

static double Measure(Func<RuleLookup> lookup, int iterations)
{
    for (var i = 0; i < Math.Min(iterations, 1000); i++)
    {
        if (lookup().Rule is null)
        {
            throw new InvalidOperationException("a lookup found no single rule");
        }
    }

    var watch = Stopwatch.StartNew();
    for (var i = 0; i < iterations; i++)
    {
        lookup();
    }

    return watch.Elapsed.TotalMicroseconds / iterations;
}

static string Url(int i) => $"https://svc{i % 50}.test/api/v1/res{i}/{i * 31}";

static string Document(int count, MatchingStrategy strategy)
{
    var json = new StringBuilder("[");
    for (var i = 0; i < count; i++)
    {
        var tail = strategy == MatchingStrategy.Glob ? "<*>" : "<[0-9]+>";
        json.Append(i == 0 ? "" : ",")
            .Append("{\"id\":\"r").Append(i).Append("\",\"match\":{\"url\":\"https://svc").Append(i % 50).Append(".test/api/v1/res").Append(i).Append('/').Append(tail)
            .Append("\",\"methods\":[\"GET\",\"POST\"]}}");
    }

    return json.Append(']').ToString();
}

using System.Text;
using Tessera.Proxy.Rules;

namespace Tessera.Proxy.Tests.Rules;

/// <summary>The index finds exactly what testing every rule finds: random rule sets and requests, fixed seeds.</summary>
public sealed class RuleIndexTests
{
    private static readonly string[] Hosts = ["api.test", "api.test:8080", "www.test", "a.api.test"];
    private static readonly string[] Segments = ["users", "groups", "u", "1", "42", "v1", "x.json", "admin", ""];
    private static readonly string[] Methods = ["GET", "POST", "DELETE", "get"];

    [Theory]
    [InlineData("regexp", 1)]
    [InlineData("regexp", 2)]
    [InlineData("glob", 3)]
    [InlineData("glob", 4)]
    public void Index_and_linear_scan_agree(string strategyName, int seed)
    {
        var strategy = strategyName == "glob" ? MatchingStrategy.Glob : MatchingStrategy.Regexp;
        var random = new Random(seed);
        var compared = 0;
        var found = 0;
        for (var set = 0; set < 20; set++)
        {
            var rules = CompiledRule.Load(RandomRules(random, strategy, random.Next(1, 60)), "random", strategy);
            var ruleSet = new RuleSet(rules);
            for (var request = 0; request < 200; request++)
            {
                var method = Methods[random.Next(Methods.Length)];
                var url = RandomUrl(random);
                var indexed = ruleSet.Match(method, url);
                var linear = ruleSet.MatchLinear(method, url);
                Assert.Equal(linear.Matched.Select(r => r.Id), indexed.Matched.Select(r => r.Id));
                Assert.Equal(linear.Captures, indexed.Captures);
                compared++;
                found += indexed.Matched.Count > 0 ? 1 : 0;
            }
        }

        // The generator must produce hits, or the comparison proves nothing.
        Assert.Equal(4000, compared);
        Assert.True(found > 400, $"only {found} requests matched a rule");
    }

    [Fact]
    public void Several_matches_name_every_rule_in_load_order()
    {
        var rules = CompiledRule.Load("""
            [{"id":"b","match":{"url":"https://api.test/<.*>","methods":["GET"]}},
             {"id":"a","match":{"url":"https://api.test/users","methods":["GET"]}},
             {"id":"c","match":{"url":"https://www.test/users","methods":["GET"]}}]
            """, "test", MatchingStrategy.Regexp);
        var lookup = new RuleSet(rules).Match("get", "https://api.test/users");
        Assert.True(lookup.IsAmbiguous);
        Assert.Null(lookup.Rule);
        Assert.Equal(["b", "a"], lookup.Matched.Select(r => r.Id));
    }

    [Fact]
    public void Methods_compare_ignoring_case_and_a_rule_without_methods_matches_none()
    {
        var rules = CompiledRule.Load("""
            [{"id":"a","match":{"url":"https://api.test/x","methods":["post"]}},
             {"id":"b","match":{"url":"https://api.test/y"}}]
            """, "test", MatchingStrategy.Regexp);
        var set = new RuleSet(rules);
        Assert.Equal("a", set.Match("POST", "https://api.test/x").Rule?.Id);
        Assert.Null(set.Match("GET", "https://api.test/x").Rule);
        Assert.Empty(set.Match("GET", "https://api.test/y").Matched);
    }

    private static string RandomRules(Random random, MatchingStrategy strategy, int count)
    {
        var json = new StringBuilder("[");
        for (var i = 0; i < count; i++)
        {
            var methods = string.Join(",", Enumerable.Range(0, random.Next(1, 3)).Select(_ => $"\"{Methods[random.Next(Methods.Length)]}\""));
            json.Append(i == 0 ? "" : ",").Append($$$"""{"id":"r{{{i}}}","match":{"url":"{{{RandomPattern(random, strategy)}}}","methods":[{{{methods}}}]}}""");
        }

        return json.Append(']').ToString();
    }

    private static string RandomPattern(Random random, MatchingStrategy strategy)
    {
        var wild = strategy == MatchingStrategy.Glob
            ? new[] { "<*>", "<**>", "<?>", "<{users,groups}>", "<[0-9]>", "<u*>" }
            : new[] { "<.*>", "<[0-9]+>", "<[a-z]+>", "<users|groups>", "<(v1|u)>", "<[^/]+>" };
        var pattern = new StringBuilder(random.Next(6) == 0 ? (strategy == MatchingStrategy.Glob ? "<{http,https}>" : "<https?>") : "https");
        pattern.Append("://");
        pattern.Append(random.Next(8) == 0 ? wild[random.Next(wild.Length)] + ".test" : Hosts[random.Next(Hosts.Length)]);
        var depth = random.Next(0, 4);
        for (var d = 0; d < depth; d++)
        {
            pattern.Append('/').Append(random.Next(3) == 0 ? wild[random.Next(wild.Length)] : Segments[random.Next(Segments.Length)]);
        }

        return pattern.ToString();
    }

    private static string RandomUrl(Random random)
    {
        var url = new StringBuilder(random.Next(6) == 0 ? "http" : "https").Append("://").Append(Hosts[random.Next(Hosts.Length)]);
        var depth = random.Next(0, 4);
        for (var d = 0; d < depth; d++)
        {
            url.Append('/').Append(Segments[random.Next(Segments.Length)]);
        }

        return url.ToString();
    }
}

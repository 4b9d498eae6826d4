using Tessera.Proxy.Rules;

namespace Tessera.Proxy.Tests.Rules;

public sealed class RuleParserTests
{
    [Fact]
    public void Reads_every_field_of_a_json_rule()
    {
        var rule = Assert.Single(RuleParser.Parse("""
            [{"id":"r1","version":"v0.40.0","description":"d","match":{"url":"https://api.test/<.*>","methods":["GET","POST"]},
              "upstream":{"url":"http://backend:8080","preserve_host":true,"strip_path":"/api"},
              "authenticators":[{"handler":"anonymous"},{"handler":"jwt","config":{"jwks_urls":["https://x"]}}],
              "authorizer":{"handler":"allow"},"mutators":[{"handler":"noop"}],"errors":[{"handler":"json","config":{}}],
              "unknown_field":"ignored, as Oathkeeper does"}]
            """, "rules.json"));
        Assert.Equal(("r1", "v0.40.0", "d"), (rule.Id, rule.Version, rule.Description));
        Assert.Equal("https://api.test/<.*>", rule.Match!.Url);
        Assert.Equal(["GET", "POST"], rule.Match.Methods!);
        Assert.Equal(new RuleUpstream("http://backend:8080", true, "/api"), rule.Upstream);
        Assert.Equal(["anonymous", "jwt"], rule.Authenticators!.Select(a => a.Handler));
        Assert.Equal("""{"jwks_urls":["https://x"]}""", rule.Authenticators![1].Config!.ToJsonString());
        Assert.Equal("allow", rule.Authorizer.Handler);
        Assert.Equal("noop", Assert.Single(rule.Mutators!).Handler);
        Assert.Equal("json", Assert.Single(rule.Errors!).Handler);
    }

    [Fact]
    public void Reads_yaml()
    {
        var rules = RuleParser.Parse("""
            - id: one
              match:
                url: https://api.test/one
                methods: [GET]
              authorizer:
                handler: allow
            - id: "2"
              match: { url: "https://api.test/<[0-9]+>", methods: ["PUT"] }
            """, "rules.yaml");
        Assert.Equal(["one", "2"], rules.Select(r => r.Id));
        Assert.Equal("https://api.test/<[0-9]+>", rules[1].Match!.Url);
        Assert.Null(rules[0].Mutators);
    }

    [Fact]
    public void Reads_the_grpc_match_form()
    {
        var rule = Assert.Single(RuleParser.Parse("""[{"id":"g","match":{"authority":"svc.test","full_method":"pkg.Svc/Call","allow_http_get":true}}]""", "g.json"));
        Assert.True(rule.Match!.IsRpc);
        Assert.Equal("rpc://svc.test/pkg.Svc/Call", rule.Match.Url);
        Assert.Equal(["GET", "POST"], rule.Match.EffectiveMethods);
    }

    [Fact]
    public void Every_problem_is_reported_with_the_source_and_the_rule()
    {
        var e = Assert.Throws<RuleFormatException>(() => RuleParser.Parse("""
            [{"id":"no-match"},
             {"id":"bad-types","match":{"url":7,"methods":"GET"},"upstream":{"url":"not a url","preserve_host":"yes"}},
             {"match":{"url":"https://x"},"authenticators":{"handler":"noop"}},
             "not an object"]
            """, "file:///etc/rules.json"));
        Assert.StartsWith("file:///etc/rules.json: ", e.Message, StringComparison.Ordinal);
        Assert.Contains("rule \"no-match\": match must be set", e.Problems);
        Assert.Contains("rule \"bad-types\": match.url must be a string", e.Problems);
        Assert.Contains("rule \"bad-types\": match.methods must be an array of strings", e.Problems);
        Assert.Contains("rule \"bad-types\": upstream.preserve_host must be a boolean", e.Problems);
        Assert.Contains("rule \"bad-types\": upstream.url \"not a url\" is not an absolute http(s) URL", e.Problems);
        Assert.Contains("rule #2: authenticators must be an array of {handler, config} objects", e.Problems);
        Assert.Contains("rule #3: must be an object", e.Problems);
    }

    [Theory]
    [InlineData("""{"id":"x"}""", "the document must be an array of rules")]
    [InlineData("- id: [unclosed", "is not valid YAML")]
    public void A_document_that_is_not_an_array_of_rules_is_refused(string text, string expected)
    {
        var e = Assert.Throws<RuleFormatException>(() => RuleParser.Parse(text, "src.yaml"));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_document_has_no_rules()
        => Assert.Empty(RuleParser.Parse("", "empty.yaml"));

    [Fact]
    public void Patterns_that_do_not_compile_name_the_rule()
    {
        var e = Assert.Throws<RuleFormatException>(() => CompiledRule.Load(
            """[{"id":"ok","match":{"url":"https://x/<.*>"}},{"id":"broken","match":{"url":"https://x/<[a-z>"}}]""", "inline", MatchingStrategy.Regexp));
        Assert.Equal("inline", e.RuleSource);
        Assert.StartsWith("rule \"broken\": match.url ", Assert.Single(e.Problems), StringComparison.Ordinal);
    }
}

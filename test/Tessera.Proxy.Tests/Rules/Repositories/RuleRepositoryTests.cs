using Tessera.Testing;

namespace Tessera.Proxy.Tests.Rules.Repositories;

public sealed class RuleRepositoryTests : IDisposable
{
    private const string One = """[{"id":"one","match":{"url":"https://api.test/one","methods":["GET"]}}]""";
    private const string Two = """[{"id":"two","match":{"url":"https://api.test/two","methods":["GET"]}}]""";

    private readonly TempFolder folder = new("tessera-proxy");

    public void Dispose() => folder.Dispose();

    [Fact]
    public async Task An_edited_file_applies_without_a_restart_and_a_broken_edit_keeps_the_last_good_rules()
    {
        var path = folder.File("rules.json");
        await File.WriteAllTextAsync(path, One);
        using var runtime = await ProxyTestRuntime.StartAsync(ProxyTestRuntime.Repositories("file://" + path));
        Assert.Equal(["one"], runtime.Rules.Current.Rules.Select(r => r.Id));
        Assert.Null(runtime.Rules.NotReadyReason());

        await File.WriteAllTextAsync(path, Two);
        Assert.True(await ProxyTestRuntime.EventuallyAsync(() => runtime.Rules.Current.Find("two") is not null));
        Assert.Equal("two", runtime.Rules.Current.Match("GET", "https://api.test/two").Rule?.Id);

        await File.WriteAllTextAsync(path, "[{\"id\":\"half");
        Assert.True(await ProxyTestRuntime.EventuallyAsync(() => runtime.Rules.NotReadyReason() is not null));
        Assert.Equal(["two"], runtime.Rules.Current.Rules.Select(r => r.Id));
        Assert.Contains("access_rules.repositories[0] (file://", runtime.Rules.NotReadyReason(), StringComparison.Ordinal);

        await File.WriteAllTextAsync(path, One);
        Assert.True(await ProxyTestRuntime.EventuallyAsync(() => runtime.Rules.NotReadyReason() is null));
        Assert.Equal(["one"], runtime.Rules.Current.Rules.Select(r => r.Id));
    }

    [Fact]
    public async Task A_plain_path_and_yaml_work_too()
    {
        var path = folder.File("rules.yaml");
        await File.WriteAllTextAsync(path, "- id: y\n  match:\n    url: https://api.test/<*>\n    methods: [GET]\n");
        var overrides = ProxyTestRuntime.Repositories(path);
        overrides["access_rules.matching_strategy"] = "glob";
        using var runtime = await ProxyTestRuntime.StartAsync(overrides);
        Assert.Equal("y", runtime.Rules.Current.Match("GET", "https://api.test/x").Rule?.Id);
        Assert.Null(runtime.Rules.Current.Match("GET", "https://api.test/x/y").Rule);
    }

    [Fact]
    public async Task Inline_rules_and_sources_merge_in_configured_order()
    {
        using var runtime = await ProxyTestRuntime.StartAsync(ProxyTestRuntime.Repositories(ProxyTestRuntime.Inline(Two), ProxyTestRuntime.Inline(One)));
        Assert.Equal(["two", "one"], runtime.Rules.Current.Rules.Select(r => r.Id));
    }

    [Fact]
    public async Task A_missing_file_or_bad_inline_text_starts_with_the_reason_in_readiness()
    {
        using var runtime = await ProxyTestRuntime.StartAsync(ProxyTestRuntime.Repositories("file://" + folder.File("absent.json"), "inline://%%%"));
        var reason = runtime.Rules.NotReadyReason();
        Assert.Contains("access_rules.repositories[0]", reason, StringComparison.Ordinal);
        Assert.Contains("access_rules.repositories[1] (inline): the text after inline:// is not valid base64", reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task No_rules_is_not_ready_as_in_oathkeeper()
    {
        using var runtime = await ProxyTestRuntime.StartAsync(ProxyTestRuntime.Repositories(ProxyTestRuntime.Inline("[]")));
        Assert.Equal("No rules found.", runtime.Rules.NotReadyReason());
    }

    [Theory]
    [InlineData("s3://bucket/rules.json", "s3://")]
    [InlineData("gs://bucket/rules.json", "gs://")]
    [InlineData("azblob://container/rules.json", "azblob://")]
    [InlineData("ftp://host/rules.json", "unknown scheme ftp://")]
    public async Task Object_storage_and_unknown_schemes_are_refused_at_start_naming_the_key(string url, string expected)
    {
        var e = await Assert.ThrowsAnyAsync<Exception>(() => ProxyTestRuntime.StartAsync(ProxyTestRuntime.Repositories(ProxyTestRuntime.Inline(One), url)));
        Assert.Equal("StartupException", e.GetType().Name);
        Assert.Contains("access_rules.repositories[1]", e.Message, StringComparison.Ordinal);
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Http_rules_are_refetched_with_if_none_match_and_a_failure_keeps_the_last_good_rules()
    {
        using var server = new RuleServer { Document = One };
        var overrides = ProxyTestRuntime.Repositories(server.Url);
        overrides["access_rules.refresh_interval"] = "0s";
        using var runtime = await ProxyTestRuntime.StartAsync(overrides);
        var source = runtime.Rules.Sources[0];
        Assert.Equal(["one"], runtime.Rules.Current.Rules.Select(r => r.Id));

        await source.LoadAsync(CancellationToken.None);
        Assert.Equal(1, server.NotModified);
        Assert.Equal(["one"], runtime.Rules.Current.Rules.Select(r => r.Id));

        server.Document = Two;
        await source.LoadAsync(CancellationToken.None);
        Assert.Equal(["two"], runtime.Rules.Current.Rules.Select(r => r.Id));

        server.FailWith = 500;
        await source.LoadAsync(CancellationToken.None);
        Assert.Equal(["two"], runtime.Rules.Current.Rules.Select(r => r.Id));
        Assert.Contains("expected HTTP 200 but the server answered 500", runtime.Rules.NotReadyReason(), StringComparison.Ordinal);

        server.FailWith = null;
        server.Document = "not: [valid";
        await source.LoadAsync(CancellationToken.None);
        Assert.Equal(["two"], runtime.Rules.Current.Rules.Select(r => r.Id));
        Assert.Contains("not valid YAML", runtime.Rules.NotReadyReason(), StringComparison.Ordinal);

        server.Document = One;
        await source.LoadAsync(CancellationToken.None);
        Assert.Null(runtime.Rules.NotReadyReason());
        Assert.Equal(6, server.Requests);
    }

    [Fact]
    public async Task Http_rules_refresh_on_their_interval()
    {
        using var server = new RuleServer { Document = One };
        var overrides = ProxyTestRuntime.Repositories(server.Url);
        overrides["access_rules.refresh_interval"] = "50ms";
        using var runtime = await ProxyTestRuntime.StartAsync(overrides);
        Assert.True(await ProxyTestRuntime.EventuallyAsync(() => server.NotModified >= 2));
        server.Document = Two;
        Assert.True(await ProxyTestRuntime.EventuallyAsync(() => runtime.Rules.Current.Find("two") is not null));
    }
}

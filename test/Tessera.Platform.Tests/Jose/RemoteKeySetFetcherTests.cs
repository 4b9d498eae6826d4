using Tessera.Testing;
using System.Text.Json.Nodes;
using Tessera.Platform.Jose;

namespace Tessera.Platform.Tests.Jose;

public sealed class RemoteKeySetFetcherTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly JwksServer server = new();
    private readonly Tessera.Platform.Outbound.OutboundHttpClient http = Tessera.Platform.Outbound.OutboundNetwork.System.CreateClient(new Tessera.Platform.Outbound.OutboundOptions(), Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);
    private readonly ManualTime clock = new(Start);

    public Task InitializeAsync() => server.StartAsync();

    public async Task DisposeAsync()
    {
        http.Dispose();
        await server.DisposeAsync();
    }

    // The default 5 s timeout, except where a slow server is the point: a loaded test machine can take a while for the first request.
    private RemoteKeySetFetcher Fetcher(double timeoutSeconds = 5) => new(http, clock) { Timeout = TimeSpan.FromSeconds(timeoutSeconds) };

    private static bool Any(JsonObject _) => true;

    [Fact]
    public async Task Fetches_public_keys_and_caches_them_for_a_while()
    {
        server.Keys = [TestKeys.For("RS256", "a"), TestKeys.For("ES256", "b"), TestKeys.For("HS256", "secret")];
        var fetcher = Fetcher();
        var set = await fetcher.GetAsync(server.Url("/jwks"), refresh: false, CancellationToken.None);
        Assert.Null(set.Problem);
        Assert.Equal(["a", "b"], set.Keys.Select(k => k["kid"]!.GetValue<string>()));
        Assert.All(set.Keys, k => Assert.False(k.ContainsKey("d"), "private members are dropped"));

        await fetcher.GetAsync(server.Url("/jwks"), refresh: false, CancellationToken.None);
        clock.Advance(TimeSpan.FromMinutes(4));
        await fetcher.GetAsync(server.Url("/jwks"), refresh: false, CancellationToken.None);
        Assert.Equal(1, server.Hits);

        clock.Advance(TimeSpan.FromMinutes(2));
        await fetcher.GetAsync(server.Url("/jwks"), refresh: false, CancellationToken.None);
        Assert.Equal(2, server.Hits);
    }

    [Fact]
    public async Task An_unknown_kid_refetches_once_but_not_again_at_once()
    {
        server.Keys = [TestKeys.For("RS256", "old")];
        var fetcher = Fetcher();
        var found = await fetcher.FindAsync(server.Url("/jwks"), "old", Any, CancellationToken.None);
        Assert.Null(found.Problem);
        Assert.Single(found.Keys);
        Assert.Equal(1, server.Hits);

        server.Keys = [TestKeys.For("RS256", "old"), TestKeys.For("RS256", "rotated")];
        clock.Advance(TimeSpan.FromSeconds(30));
        found = await fetcher.FindAsync(server.Url("/jwks"), "rotated", Any, CancellationToken.None);
        Assert.Equal("rotated", Assert.Single(found.Keys)["kid"]!.GetValue<string>());
        Assert.Equal(2, server.Hits);

        found = await fetcher.FindAsync(server.Url("/jwks"), "never", Any, CancellationToken.None);
        Assert.Empty(found.Keys);
        Assert.Null(found.Problem);
        Assert.Equal(2, server.Hits);

        clock.Advance(TimeSpan.FromSeconds(11));
        await fetcher.FindAsync(server.Url("/jwks"), "never", Any, CancellationToken.None);
        Assert.Equal(3, server.Hits);
    }

    [Fact]
    public async Task Concurrent_requests_share_one_fetch()
    {
        server.Keys = [TestKeys.For("ES256", "a")];
        server.Delay = TimeSpan.FromMilliseconds(300);
        var fetcher = Fetcher();
        var sets = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => fetcher.GetAsync(server.Url("/jwks"), refresh: false, CancellationToken.None)));
        Assert.All(sets, s => Assert.Single(s.Keys));
        Assert.Equal(1, server.Hits);
    }

    [Fact]
    public async Task A_caller_that_gives_up_does_not_spoil_the_fetch_for_others()
    {
        server.Keys = [TestKeys.For("ES256", "a")];
        server.Delay = TimeSpan.FromMilliseconds(500);
        var fetcher = Fetcher();
        using var impatient = new CancellationTokenSource(TimeSpan.FromMilliseconds(50));
        var patient = fetcher.GetAsync(server.Url("/jwks"), refresh: false, CancellationToken.None);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => fetcher.GetAsync(server.Url("/jwks"), refresh: false, impatient.Token));
        Assert.Single((await patient).Keys);
        Assert.Equal(1, server.Hits);
    }

    [Fact]
    public async Task The_filter_chooses_among_keys_with_the_kid()
    {
        server.Keys = [TestKeys.For("RS256", "same"), TestKeys.For("ES256", "same")];
        var found = await Fetcher().FindAsync(server.Url("/jwks"), "same", k => k["kty"]!.GetValue<string>() == "EC", CancellationToken.None);
        Assert.Equal("EC", Assert.Single(found.Keys)["kty"]!.GetValue<string>());
        var all = await Fetcher().FindAsync(server.Url("/jwks"), null, Any, CancellationToken.None);
        Assert.Equal(2, all.Keys.Count);
    }

    [Theory]
    [InlineData("/missing", "the fetch of jwks_uri failed")]
    [InlineData("/text", "valid JSON")]
    [InlineData("/array", "JSON Web Key Set")]
    [InlineData("/surrogate", "valid JSON")]
    [InlineData("/duplicate", "valid JSON")]
    [InlineData("/big", "the fetch of jwks_uri failed")]
    [InlineData("/big-chunked", "the fetch of jwks_uri failed")]
    [InlineData("/slow", "the fetch of jwks_uri failed")]
    public async Task Failures_say_what_went_wrong_and_are_not_cached(string path, string problem)
    {
        var fetcher = Fetcher(path == "/slow" ? 0.5 : 5);
        var set = await fetcher.GetAsync(server.Url(path), refresh: false, CancellationToken.None);
        Assert.Contains(problem, set.Problem);
        Assert.Empty(set.Keys);
        await fetcher.GetAsync(server.Url(path), refresh: false, CancellationToken.None);
        Assert.Equal(2, server.Hits);
    }

    [Fact]
    public async Task Unreachable_and_non_http_locations_fail()
    {
        var fetcher = Fetcher();
        var closed = $"http://127.0.0.1:{Tessera.Testing.FreePort.Next()}/jwks";
        Assert.Equal("the fetch of jwks_uri failed", (await fetcher.GetAsync(closed, false, CancellationToken.None)).Problem);
        Assert.Equal("the fetch of jwks_uri failed", (await fetcher.GetAsync("file:///etc/passwd", false, CancellationToken.None)).Problem);
        Assert.Equal("the fetch of jwks_uri failed", (await fetcher.GetAsync("/relative", false, CancellationToken.None)).Problem);
    }

    [Fact]
    public async Task Operator_sets_keep_private_and_symmetric_keys_and_may_be_files()
    {
        using var folder = new TempFolder();
        var path = folder.File("jwks.json");
        await File.WriteAllTextAsync(path, new JsonObject { ["keys"] = new JsonArray(TestKeys.For("RS256", "rsa"), TestKeys.For("HS256", "oct")) }.ToJsonString());
        var fetcher = new RemoteKeySetFetcher(http, clock) { LocalFiles = true, KeepAllMembers = true, Field = "jwks_url" };
        var set = await fetcher.GetAsync("file://" + path, refresh: false, CancellationToken.None);
        Assert.Null(set.Problem);
        Assert.Equal(["rsa", "oct"], set.Keys.Select(k => k["kid"]!.GetValue<string>()));
        Assert.True(set.Keys[0].ContainsKey("d"));

        var missing = await fetcher.GetAsync("file://" + folder.File("none.json"), refresh: false, CancellationToken.None);
        Assert.StartsWith("jwks_url file://", missing.Problem, StringComparison.Ordinal);

        // Without LocalFiles a file URL is refused like any other non-http URL.
        Assert.Equal("the fetch of jwks_uri failed", (await Fetcher().GetAsync("file://" + path, false, CancellationToken.None)).Problem);
    }

    [Fact]
    public async Task A_caller_waits_at_most_max_wait_then_takes_the_last_set_while_the_fetch_goes_on()
    {
        server.Keys = [TestKeys.For("ES256", "first")];
        var fetcher = new RemoteKeySetFetcher(http, clock) { MaxWait = TimeSpan.FromMilliseconds(100), CacheFor = TimeSpan.FromSeconds(30) };
        // The first fetch has no earlier set to fall back on: on a loaded machine it may outlast max wait (the caller
        // then gets nothing) and complete in the background, so wait for it to be cached.
        Assert.True(await EventuallyAsync(async () => (await fetcher.GetAsync(server.Url("/jwks"), false, CancellationToken.None)).Keys.Any(k => k["kid"]!.GetValue<string>() == "first")));
        Assert.Equal("first", Assert.Single((await fetcher.GetAsync(server.Url("/jwks"), false, CancellationToken.None)).Keys)["kid"]!.GetValue<string>());

        server.Keys = [TestKeys.For("ES256", "second")];
        server.Delay = TimeSpan.FromMilliseconds(1500);
        clock.Advance(TimeSpan.FromMinutes(1));
        var stale = await fetcher.GetAsync(server.Url("/jwks"), false, CancellationToken.None);
        Assert.Equal("first", Assert.Single(stale.Keys)["kid"]!.GetValue<string>());

        Assert.True(await EventuallyAsync(async () => (await fetcher.GetAsync(server.Url("/jwks"), false, CancellationToken.None)).Keys.Any(k => k["kid"]!.GetValue<string>() == "second")));
        Assert.Equal(2, server.Hits);

        // Nothing fetched before and no answer in time: a failure, not a wait for the whole timeout.
        var fresh = new RemoteKeySetFetcher(http, clock) { MaxWait = TimeSpan.FromMilliseconds(100) };
        Assert.Contains("did not answer within 100 ms", (await fresh.GetAsync(server.Url("/jwks"), false, CancellationToken.None)).Problem);
    }

    [Fact]
    public async Task A_failure_is_remembered_for_retry_failures_after()
    {
        var fetcher = new RemoteKeySetFetcher(http, clock) { RetryFailuresAfter = TimeSpan.FromSeconds(5) };
        Assert.NotNull((await fetcher.GetAsync(server.Url("/missing"), false, CancellationToken.None)).Problem);
        Assert.NotNull((await fetcher.GetAsync(server.Url("/missing"), true, CancellationToken.None)).Problem);
        Assert.Equal(1, server.Hits);
        clock.Advance(TimeSpan.FromSeconds(6));
        await fetcher.GetAsync(server.Url("/missing"), false, CancellationToken.None);
        Assert.Equal(2, server.Hits);
    }

    private static async Task<bool> EventuallyAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                return false;
            }

            await Task.Delay(50);
        }

        return true;
    }
}

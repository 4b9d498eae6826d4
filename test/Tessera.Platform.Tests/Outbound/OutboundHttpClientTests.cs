using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Tessera.Platform.Outbound;
using Tessera.Platform.Tests.Persistence;

namespace Tessera.Platform.Tests.Outbound;

/// <summary>The outbound client against a real loopback peer: real sockets, a resolver the test controls.</summary>
public sealed class OutboundHttpClientTests : IAsyncLifetime
{
    private static readonly IPAddress Public = IPAddress.Parse("93.184.216.34");

    private readonly OutboundPeer peer = new();
    private readonly CapturingLoggerProvider logs = new();
    private readonly ILoggerFactory loggers;

    public OutboundHttpClientTests()
    {
        loggers = LoggerFactory.Create(b => b.AddProvider(logs).SetMinimumLevel(LogLevel.Trace));
    }

    public Task InitializeAsync() => peer.StartAsync();

    public async Task DisposeAsync()
    {
        await peer.DisposeAsync();
        loggers.Dispose();
    }

    private OutboundHttpClient Client(bool disallow, Func<string, CancellationToken, Task<IPAddress[]>>? resolve = null, string[]? exceptions = null, OutboundLimits? limits = null)
        => new OutboundNetwork { Resolve = resolve ?? Dns.GetHostAddressesAsync }.CreateClient(
            new OutboundOptions { DisallowPrivateRanges = disallow, ExceptionUrls = exceptions ?? [], Limits = limits ?? OutboundLimits.Default },
            loggers.CreateLogger("test"));

    private static async Task<OutboundFetchException> FailsAsync(Task call) => await Assert.ThrowsAsync<OutboundFetchException>(() => call);

    [Fact]
    public async Task A_name_that_turns_inward_after_the_check_is_refused_when_connecting_and_nothing_reaches_the_listener()
    {
        // DNS rebinding: the name is public when the client is written, loopback when the server calls it.
        var lookups = 0;
        Task<IPAddress[]> Rebinding(string host, CancellationToken ct)
            => Task.FromResult(Interlocked.Increment(ref lookups) == 1 ? new[] { Public } : [IPAddress.Loopback]);
        using var client = Client(disallow: true, Rebinding);
        var url = $"http://rebind.test:{peer.Port}/ok";

        Assert.True(await client.IsPermittedDestinationAsync("jwks_uri", url, CancellationToken.None));
        var failure = await FailsAsync(client.GetAsync("jwks_uri", url, null, null, CancellationToken.None));

        Assert.Equal(OutboundFailure.Refused, failure.Failure);
        Assert.Equal("The fetch of jwks_uri failed.", failure.Message);
        Assert.Equal(2, lookups);
        Assert.Equal(0, peer.Connections);
        Assert.Contains(logs.Entries, e => e.Event.Id == 1200 && e.Text.Contains("rebind.test resolves to 127.0.0.1, which is loopback", StringComparison.Ordinal));

        // The same name and listener with private ranges allowed: the refusal above was the check, not the network.
        using var open = Client(disallow: false);
        Assert.Equal("ok"u8.ToArray(), await open.GetAsync("jwks_uri", peer.Url("/ok"), null, null, CancellationToken.None));
        Assert.Equal(1, peer.Connections);
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("[::ffff:127.0.0.1]")]
    [InlineData("[::1]")]
    [InlineData("0.0.0.0")]
    public async Task Literal_internal_addresses_are_refused_without_a_connection(string host)
    {
        using var client = Client(disallow: true, (_, _) => throw new InvalidOperationException("a literal is not looked up"));
        var failure = await FailsAsync(client.GetAsync("jwks_uri", $"http://{host}:{peer.Port}/ok", null, null, CancellationToken.None));
        Assert.Equal(OutboundFailure.Refused, failure.Failure);
        Assert.Equal(0, peer.Connections);
    }

    [Fact]
    public async Task A_name_with_any_internal_address_is_refused_even_when_another_is_public()
    {
        using var client = Client(disallow: true, (_, _) => Task.FromResult(new[] { Public, IPAddress.Loopback }));
        Assert.False(await client.IsPermittedDestinationAsync("jwks_uri", $"http://mixed.test:{peer.Port}/ok", CancellationToken.None));
        var failure = await FailsAsync(client.GetAsync("jwks_uri", $"http://mixed.test:{peer.Port}/ok", null, null, CancellationToken.None));
        Assert.Equal(OutboundFailure.Refused, failure.Failure);
        Assert.Equal(0, peer.Connections);
    }

    [Fact]
    public async Task An_exempt_url_reaches_an_internal_peer_and_its_connection_is_not_reused_for_other_urls()
    {
        using var client = Client(disallow: true, (_, _) => Task.FromResult(new[] { IPAddress.Loopback }), [peer.Url("/ok")]);

        Assert.True(await client.IsPermittedDestinationAsync("jwks_uri", peer.Url("/ok"), CancellationToken.None));
        Assert.False(await client.IsPermittedDestinationAsync("jwks_uri", peer.Url("/big"), CancellationToken.None));
        Assert.Equal("ok"u8.ToArray(), await client.GetAsync("jwks_uri", peer.Url("/ok?query=ignored"), null, null, CancellationToken.None));
        var failure = await FailsAsync(client.GetAsync("jwks_uri", peer.Url("/big"), null, null, CancellationToken.None));

        Assert.Equal(OutboundFailure.Refused, failure.Failure);
        Assert.Equal(1, peer.Connections);
        Assert.Equal(1, peer.Requests);
    }

    [Fact]
    public async Task Redirects_are_not_followed()
    {
        using var client = Client(disallow: false);
        using var request = new HttpRequestMessage(HttpMethod.Get, peer.Url("/redirect"));
        var response = await client.SendAsync("jwks_uri", request, null, CancellationToken.None);
        Assert.Equal(HttpStatusCode.Redirect, response.Status);
        Assert.Empty(response.Body);

        var failure = await FailsAsync(client.GetAsync("jwks_uri", peer.Url("/redirect"), null, null, CancellationToken.None));
        Assert.Equal(OutboundFailure.Status, failure.Failure);
        Assert.Equal(0, peer.OkRequests);
    }

    [Fact]
    public async Task A_failure_status_says_only_that_the_fetch_failed_and_logs_the_status()
    {
        using var client = Client(disallow: false);
        var failure = await FailsAsync(client.GetAsync("sector_identifier_uri", peer.Url("/missing"), null, null, CancellationToken.None));
        Assert.Equal("The fetch of sector_identifier_uri failed.", failure.Message);
        Assert.Contains(logs.Entries, e => e.Text.Contains("answered HTTP 404", StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Entries, e => e.Text.Contains("/missing", StringComparison.Ordinal)); // only scheme, host and port are logged
    }

    [Theory]
    [InlineData("/big")]
    [InlineData("/big-chunked")]
    public async Task Answers_over_the_size_limit_fail_and_answers_at_it_pass(string path)
    {
        using var client = Client(disallow: false);
        var failure = await FailsAsync(client.GetAsync("jwks_uri", peer.Url(path), null, new OutboundLimits(TimeSpan.FromSeconds(30), OutboundPeer.BigBytes - 1), CancellationToken.None));
        Assert.Equal(OutboundFailure.TooLarge, failure.Failure);
        Assert.Equal(OutboundPeer.BigBytes, (await client.GetAsync("jwks_uri", peer.Url(path), null, new OutboundLimits(TimeSpan.FromSeconds(30), OutboundPeer.BigBytes), CancellationToken.None)).Length);
    }

    [Fact]
    public async Task A_peer_that_does_not_answer_in_time_fails_and_a_cancelled_caller_is_cancelled()
    {
        using var client = Client(disallow: false, limits: new OutboundLimits(TimeSpan.FromMilliseconds(300), 1024));
        var failure = await FailsAsync(client.GetAsync("jwks_uri", peer.Url("/slow"), null, null, CancellationToken.None));
        Assert.Equal(OutboundFailure.TimedOut, failure.Failure);

        using var patient = Client(disallow: false);
        using var cancelled = new CancellationTokenSource();
        var call = patient.GetAsync("jwks_uri", peer.Url("/slow"), null, null, cancelled.Token);
        await cancelled.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
    }

    [Fact]
    public async Task Unresolvable_names_unreachable_ports_and_other_schemes_fail_with_the_field_only()
    {
        using var client = Client(disallow: true, (_, _) => throw new SocketException((int)SocketError.HostNotFound));
        var unresolved = await FailsAsync(client.GetAsync("jwks_uri", "https://nowhere.test/jwks", null, null, CancellationToken.None));
        Assert.Equal(OutboundFailure.Unresolved, unresolved.Failure);
        Assert.False(await client.IsPermittedDestinationAsync("jwks_uri", "https://nowhere.test/jwks", CancellationToken.None));

        using var open = Client(disallow: false);
        var closed = await FailsAsync(open.GetAsync("jwks_uri", $"http://127.0.0.1:{Tessera.Testing.FreePort.Next()}/", null, null, CancellationToken.None));
        Assert.Equal(OutboundFailure.Unreachable, closed.Failure);
        Assert.Equal("The fetch of jwks_uri failed.", closed.Message);

        Assert.Equal(OutboundFailure.InvalidUrl, (await FailsAsync(open.GetAsync("jwks_uri", "file:///etc/passwd", null, null, CancellationToken.None))).Failure);
        Assert.Equal(OutboundFailure.InvalidUrl, (await FailsAsync(open.GetAsync("jwks_uri", "not a url", null, null, CancellationToken.None))).Failure);
    }

    [Fact]
    public async Task Cookies_a_peer_sets_are_not_sent_back()
    {
        using var client = Client(disallow: false);
        await client.GetAsync("jwks_uri", peer.Url("/ok"), null, null, CancellationToken.None);
        await client.GetAsync("jwks_uri", peer.Url("/ok"), null, null, CancellationToken.None);
        Assert.Equal(2, peer.OkRequests);
        Assert.Null(peer.LastCookie);
    }

    [Fact]
    public async Task With_private_ranges_allowed_nothing_is_looked_up_or_refused_at_registration()
    {
        using var client = Client(disallow: false, (_, _) => throw new InvalidOperationException("not looked up"));
        Assert.True(await client.IsPermittedDestinationAsync("jwks_uri", "http://127.0.0.1/jwks", CancellationToken.None));
        Assert.True(await client.IsPermittedDestinationAsync("jwks_uri", "http://internal.test/jwks", CancellationToken.None));
    }
}

using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Tessera.Platform.Configuration;
using Tessera.Platform.Jose;
using Tessera.Platform.Outbound;

namespace Tessera.Proxy.Pipeline.Credentials;

/// <summary>
/// The proxy's JSON Web Key sets (Oathkeeper's credentials fetcher), one cache for the whole service: the
/// <c>jwt</c> authenticator's <c>jwks_urls</c> and the <c>id_token</c> mutator's <c>jwks_url</c>, read from
/// <c>file://</c> or through the service's outbound client. A set is kept for
/// <c>authenticators.jwt.config.jwks_ttl</c> (default 30s); a caller waits at most
/// <c>authenticators.jwt.config.jwks_max_wait</c> (default 1s) for a fetch and then uses the last set
/// fetched, if any. A kid found in no fresh set makes every set be fetched again, at most once every
/// <see cref="MinRefetchInterval"/> per URL.
/// </summary>
internal sealed class KeySetResolver(RemoteKeySetFetcher fetcher, ILogger logger)
{
    // A failed fetch is answered from memory for a while: log each failure once, not once per request.
    private readonly ConditionalWeakTable<RemoteKeySet, object> logged = [];

    public static readonly TimeSpan DefaultTtl = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan DefaultMaxWait = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan MinRefetchInterval = TimeSpan.FromSeconds(5);

    /// <summary>Reads the global <c>jwks_ttl</c> and <c>jwks_max_wait</c> (malformed values are refused by the jwt factory, naming the key).</summary>
    public static KeySetResolver FromConfig(ConfigSnapshot config, OutboundHttpClient outbound, TimeProvider time, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(config);
        var ttl = Duration(config, "authenticators.jwt.config.jwks_ttl") ?? DefaultTtl;
        var fetcher = new RemoteKeySetFetcher(outbound, time)
        {
            Field = "jwks_url",
            Timeout = TimeSpan.FromSeconds(10),
            CacheFor = ttl,
            MinRefetchInterval = ttl < MinRefetchInterval ? ttl : MinRefetchInterval,
            RetryFailuresAfter = MinRefetchInterval,
            MaxWait = Duration(config, "authenticators.jwt.config.jwks_max_wait") ?? DefaultMaxWait,
            LocalFiles = true,
            KeepAllMembers = true,
        };
        return new KeySetResolver(fetcher, logger);
    }

    /// <summary>
    /// The first key with <paramref name="kid"/> and <c>use</c> "sig" in the sets at <paramref name="urls"/>
    /// (in their order); refetches every set once when none has it. Null when no set has such a key.
    /// </summary>
    public async Task<JsonObject?> FindSigningKeyAsync(IReadOnlyList<string> urls, string kid, CancellationToken ct)
    {
        var key = Find(await GetAllAsync(urls, refresh: false, ct), kid);
        return key ?? Find(await GetAllAsync(urls, refresh: true, ct), kid);
    }

    /// <summary>The sets that could be read, in the order of <paramref name="urls"/> (failures are logged and left out).</summary>
    public async Task<IReadOnlyList<IReadOnlyList<JsonObject>>> GetSetsAsync(IReadOnlyList<string> urls, CancellationToken ct)
        => (await GetAllAsync(urls, refresh: false, ct)).Where(s => s.Problem is null).Select(s => s.Keys).ToList();

    private static JsonObject? Find(RemoteKeySet[] sets, string kid)
    {
        foreach (var set in sets)
        {
            foreach (var key in set.Keys)
            {
                if (JsonWebKeyConverter.Text(key, "kid") == kid && JsonWebKeyConverter.Text(key, "use") == "sig")
                {
                    return key;
                }
            }
        }

        return null;
    }

    private async Task<RemoteKeySet[]> GetAllAsync(IReadOnlyList<string> urls, bool refresh, CancellationToken ct)
    {
        var sets = await Task.WhenAll(urls.Select(url => fetcher.GetAsync(url, refresh, ct)));
        for (var i = 0; i < sets.Length; i++)
        {
            if (sets[i].Problem is { } problem && logged.TryAdd(sets[i], urls[i]))
            {
                ProxyLog.KeySetUnavailable(logger, urls[i], problem);
            }
        }

        return sets;
    }

    private static TimeSpan? Duration(ConfigSnapshot config, string key)
        => config.Get(key) is JsonValue value && value.TryGetValue<string>(out var text)
            && Platform.Persistence.GoDuration.TryParse(text, out var duration) && duration >= TimeSpan.Zero ? duration : null;
}

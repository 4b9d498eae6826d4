using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Tessera.Platform.Json;
using Tessera.Platform.Outbound;

namespace Tessera.Platform.Jose;

/// <summary>
/// Fetches clients' JSON Web Key sets from their <c>jwks_uri</c> and keeps each for a short while in
/// this process (a cache only trades freshness). A kid that is not in the cached set triggers one
/// refetch, at most every <see cref="MinRefetchInterval"/> per URI, so unknown kids cannot make us
/// hammer a client's server.
/// </summary>
internal sealed class RemoteKeySetFetcher(OutboundHttpClient outbound, TimeProvider time)
{
    public const int MaxBytes = 1024 * 1024;

    private const string Field = "jwks_uri";

    private const int MaxCachedSets = 1000;

    private readonly ConcurrentDictionary<string, Entry> cache = new(StringComparer.Ordinal);

    private readonly ConcurrentDictionary<string, Lazy<Task<RemoteKeySet>>> inFlight = new(StringComparer.Ordinal);

    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(5);

    public TimeSpan CacheFor { get; init; } = TimeSpan.FromMinutes(5);

    public TimeSpan MinRefetchInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The set at <paramref name="uri"/>, from the cache unless it is stale or <paramref name="refresh"/> is set.</summary>
    public async Task<RemoteKeySet> GetAsync(string uri, bool refresh, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        if (cache.TryGetValue(uri, out var entry)
            && now - entry.FetchedAt < CacheFor
            && (!refresh || now - entry.FetchedAt < MinRefetchInterval))
        {
            return entry.Set;
        }

        // Concurrent requests for the same set share one fetch; it runs to its own timeout whatever
        // the callers' tokens say, and each caller stops waiting when its own token is cancelled.
        var fetch = inFlight.GetOrAdd(uri, u => new Lazy<Task<RemoteKeySet>>(() => FetchAndCacheAsync(u, now)));
        return await fetch.Value.WaitAsync(ct);
    }

    /// <summary>
    /// The keys of the set with <paramref name="kid"/> (every key when null) that <paramref name="accept"/>
    /// takes; refetches once when the cached set has none.
    /// </summary>
    public async Task<RemoteKeySet> FindAsync(string uri, string? kid, Func<JsonObject, bool> accept, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(accept);
        var set = await GetAsync(uri, refresh: false, ct);
        var found = Matching(set, kid, accept);
        if (found.Count > 0 || set.Problem is not null)
        {
            return set with { Keys = found };
        }

        set = await GetAsync(uri, refresh: true, ct);
        return set with { Keys = Matching(set, kid, accept) };
    }

    private static List<JsonObject> Matching(RemoteKeySet set, string? kid, Func<JsonObject, bool> accept)
        => set.Keys.Where(k => (kid is null || JsonWebKeyConverter.Text(k, "kid") == kid) && accept(k)).ToList();

    private async Task<RemoteKeySet> FetchAndCacheAsync(string uri, DateTimeOffset now)
    {
        try
        {
            await Task.Yield(); // hand the task back to the Lazy before any work, so the removal below finds it stored
            var set = await FetchAsync(uri);
            if (set.Problem is null)
            {
                if (cache.Count >= MaxCachedSets)
                {
                    cache.Clear();
                }

                cache[uri] = new Entry(set, now);
            }

            return set;
        }
        finally
        {
            inFlight.TryRemove(uri, out _);
        }
    }

    private async Task<RemoteKeySet> FetchAsync(string uri)
    {
        try
        {
            return Parse(await outbound.GetAsync(Field, uri, "application/jwk-set+json, application/json", new OutboundLimits(Timeout, MaxBytes), CancellationToken.None));
        }
        catch (OutboundFetchException)
        {
            // Why is in the log; the caller (and the client it answers) only learns that it failed.
            return RemoteKeySet.Failed($"the fetch of {Field} failed");
        }
    }

    private static RemoteKeySet Parse(byte[] body)
    {
        try
        {
            if (!StrictJson.TryParse(body, out var parsed, out _))
            {
                return RemoteKeySet.Failed("jwks_uri did not return valid JSON");
            }

            if (parsed is not JsonObject root || root["keys"] is not JsonArray keys)
            {
                return RemoteKeySet.Failed("jwks_uri did not return a JSON Web Key Set (an object with a \"keys\" array)");
            }

            var result = new List<JsonObject>();
            foreach (var key in keys.OfType<JsonObject>())
            {
                // Symmetric keys have no business in a published set; dropping them also rules out
                // treating published material as an HMAC secret.
                if (JsonWebKeyConverter.Text(key, "kty") is "RSA" or "EC")
                {
                    result.Add(JsonWebKeyGenerator.PublicPart(key));
                }
            }

            return new RemoteKeySet(result, null);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or ArgumentException)
        {
            return RemoteKeySet.Failed("jwks_uri did not return valid JSON");
        }
    }

    private sealed record Entry(RemoteKeySet Set, DateTimeOffset FetchedAt);
}

using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Tessera.Platform.Configuration;
using Tessera.Platform.Json;
using Tessera.Platform.Outbound;

namespace Tessera.Platform.Jose;

/// <summary>
/// Fetches JSON Web Key sets from URLs and keeps each for a short while in this process (a cache only
/// trades freshness). A kid that is not in the cached set triggers one refetch, at most every
/// <see cref="MinRefetchInterval"/> per URL, so unknown kids cannot make us hammer a key server.
/// By default it serves client-supplied URLs (oauth2's <c>jwks_uri</c>): http(s) only, public keys only.
/// URLs an operator configures may opt into <see cref="LocalFiles"/> and <see cref="KeepAllMembers"/>.
/// </summary>
internal sealed class RemoteKeySetFetcher(OutboundHttpClient outbound, TimeProvider time)
{
    public const int MaxBytes = 1024 * 1024;

    private const int MaxCachedSets = 1000;

    private readonly ConcurrentDictionary<string, Entry> cache = new(StringComparer.Ordinal);

    private readonly ConcurrentDictionary<string, Entry> failures = new(StringComparer.Ordinal);

    private readonly ConcurrentDictionary<string, Lazy<Task<RemoteKeySet>>> inFlight = new(StringComparer.Ordinal);

    /// <summary>The config field the URLs come from: names the outbound calls in the log and the problems.</summary>
    public string Field { get; init; } = "jwks_uri";

    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(5);

    public TimeSpan CacheFor { get; init; } = TimeSpan.FromMinutes(5);

    public TimeSpan MinRefetchInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How long a caller waits for a fetch; after that it gets the last set fetched (however old) or a
    /// failure, and the fetch goes on to fill the cache for later callers. Null: wait for the fetch.
    /// </summary>
    public TimeSpan? MaxWait { get; init; }

    /// <summary>How long a failed fetch is answered from memory before the URL is tried again (zero: every call tries).</summary>
    public TimeSpan RetryFailuresAfter { get; init; }

    /// <summary><c>file://</c> URLs are read from disk (only for URLs from the server's own configuration).</summary>
    public bool LocalFiles { get; init; }

    /// <summary>
    /// Keys are kept as written, private members and symmetric keys included (a set the operator
    /// configures to sign with); otherwise only the public part of RSA and EC keys is kept.
    /// </summary>
    public bool KeepAllMembers { get; init; }

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

        if (failures.TryGetValue(uri, out var failure) && now - failure.FetchedAt < RetryFailuresAfter)
        {
            return failure.Set;
        }

        // Concurrent requests for the same set share one fetch; it runs to its own timeout whatever
        // the callers' tokens say, and each caller stops waiting when its own token is cancelled.
        var fetch = inFlight.GetOrAdd(uri, u => new Lazy<Task<RemoteKeySet>>(() => FetchAndCacheAsync(u, now)));
        if (MaxWait is not { } wait)
        {
            return await fetch.Value.WaitAsync(ct);
        }

        try
        {
            return await fetch.Value.WaitAsync(wait, time, ct);
        }
        catch (TimeoutException)
        {
            return cache.TryGetValue(uri, out var stale) ? stale.Set : RemoteKeySet.Failed($"{Field} {uri} did not answer within {wait.TotalMilliseconds:0} ms");
        }
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
                failures.TryRemove(uri, out _);
            }
            else if (RetryFailuresAfter > TimeSpan.Zero)
            {
                if (failures.Count >= MaxCachedSets)
                {
                    failures.Clear();
                }

                failures[uri] = new Entry(set, now);
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
        if (LocalFiles && LocalUrl.IsFile(uri))
        {
            return await ReadFileAsync(uri);
        }

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

    private async Task<RemoteKeySet> ReadFileAsync(string uri)
    {
        try
        {
            var path = LocalUrl.FilePath(uri);
            return new FileInfo(path).Length > MaxBytes
                ? RemoteKeySet.Failed($"{Field} {uri} is larger than {MaxBytes} bytes")
                : Parse(await File.ReadAllBytesAsync(path));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
            return RemoteKeySet.Failed($"{Field} {uri} could not be read: {e.Message}");
        }
    }

    private RemoteKeySet Parse(byte[] body)
    {
        try
        {
            if (!StrictJson.TryParse(body, out var parsed, out _))
            {
                return RemoteKeySet.Failed($"{Field} did not return valid JSON");
            }

            if (parsed is not JsonObject root || root["keys"] is not JsonArray keys)
            {
                return RemoteKeySet.Failed($"{Field} did not return a JSON Web Key Set (an object with a \"keys\" array)");
            }

            var result = new List<JsonObject>();
            foreach (var key in keys.OfType<JsonObject>())
            {
                if (KeepAllMembers)
                {
                    // A built (not lazily parsed) copy: the set is read by concurrent requests.
                    result.Add(key.DeepClone().AsObject());
                }
                else if (JsonWebKeyConverter.Text(key, "kty") is "RSA" or "EC")
                {
                    // Symmetric keys have no business in a published set; dropping them also rules out
                    // treating published material as an HMAC secret.
                    result.Add(JsonWebKeyGenerator.PublicPart(key));
                }
            }

            return new RemoteKeySet(result, null);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or ArgumentException)
        {
            return RemoteKeySet.Failed($"{Field} did not return valid JSON");
        }
    }

    private sealed record Entry(RemoteKeySet Set, DateTimeOffset FetchedAt);
}

namespace Tessera.Proxy.Pipeline;

/// <summary>
/// A network handler's <c>cache</c> object: <c>enabled</c> (default false), <c>ttl</c> (a Go duration; null when
/// not given, each handler says what that means) and its size key (<c>max_cost</c> or <c>max_tokens</c>: entries kept).
/// </summary>
internal sealed record CacheSettings(bool Enabled, TimeSpan? Ttl, int MaxEntries)
{
    /// <summary>Reads <c>cache</c>; <paramref name="sizeKey"/> null: the handler has no size setting.</summary>
    public static CacheSettings FromConfig(HandlerConfig config, string? sizeKey, int defaultSize)
    {
        if (config.Section("cache") is not { } cache)
        {
            return new(false, null, defaultSize);
        }

        if (sizeKey is null)
        {
            cache.AllowOnly("enabled", "ttl");
            return new(cache.Bool("enabled"), cache.Duration("ttl"), defaultSize);
        }

        cache.AllowOnly("enabled", "ttl", sizeKey);
        var size = cache.Int(sizeKey) ?? defaultSize;
        return size < 1 ? throw cache.Fail(sizeKey, "must be at least 1") : new(cache.Bool("enabled"), cache.Duration("ttl"), size);
    }

    /// <summary>The cache when enabled (and a zero TTL does not switch it off), else null.</summary>
    public AnswerCache<T>? Create<T>(TimeProvider time) => Enabled && Ttl != TimeSpan.Zero ? new AnswerCache<T>(MaxEntries, time) : null;
}

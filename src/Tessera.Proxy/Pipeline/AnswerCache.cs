using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace Tessera.Proxy.Pipeline;

/// <summary>
/// A bounded cache of remote answers for one handler (one rule's config), keyed by the SHA-256 of what was
/// sent, so credentials are not kept as keys. Each entry lives until its own expiry; at most
/// <c>maxEntries</c> are kept (when full, expired entries go first, then the one expiring soonest).
/// Safe for concurrent requests.
/// </summary>
internal sealed class AnswerCache<T>(int maxEntries, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, (T Value, DateTimeOffset Expires)> entries = new(StringComparer.Ordinal);

    public int Count => entries.Count;

    /// <summary>The key for these parts (joined unambiguously, then hashed).</summary>
    public static string Key(IEnumerable<string> parts)
    {
        var text = new StringBuilder();
        foreach (var part in parts)
        {
            text.Append(part.Length).Append(':').Append(part).Append('\n');
        }

        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    public bool TryGet(string key, out T value)
    {
        if (entries.TryGetValue(key, out var entry))
        {
            if (entry.Expires > time.GetUtcNow())
            {
                value = entry.Value;
                return true;
            }

            entries.TryRemove(new KeyValuePair<string, (T, DateTimeOffset)>(key, entry));
        }

        value = default!;
        return false;
    }

    public void Set(string key, T value, DateTimeOffset expires)
    {
        var now = time.GetUtcNow();
        if (expires <= now || maxEntries <= 0)
        {
            return;
        }

        if (entries.Count >= maxEntries && !entries.ContainsKey(key))
        {
            MakeRoom(now);
        }

        entries[key] = (value, expires);
    }

    private void MakeRoom(DateTimeOffset now)
    {
        string? soonest = null;
        var soonestAt = DateTimeOffset.MaxValue;
        foreach (var (key, entry) in entries)
        {
            if (entry.Expires <= now)
            {
                entries.TryRemove(key, out _);
            }
            else if (entry.Expires < soonestAt)
            {
                (soonest, soonestAt) = (key, entry.Expires);
            }
        }

        if (entries.Count >= maxEntries && soonest is not null)
        {
            entries.TryRemove(soonest, out _);
        }
    }
}

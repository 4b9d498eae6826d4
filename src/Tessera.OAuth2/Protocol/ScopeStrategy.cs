namespace Tessera.OAuth2.Protocol;

/// <summary>
/// Decides whether a scope a client asks for is covered by the scopes it may have
/// (<c>strategies.scope</c>): <c>exact</c> compares strings; <c>wildcard</c> (Hydra's default) also lets a
/// <c>*</c> part match any one non-empty dot-separated part, and a trailing <c>*</c> match deeper scopes
/// (<c>photos.*</c> covers <c>photos.read</c> and <c>photos.album.read</c>).
/// </summary>
internal sealed class ScopeStrategy(bool wildcard)
{
    public static ScopeStrategy FromName(string? name) => new(!string.Equals(name, "exact", StringComparison.Ordinal));

    public bool Allows(IReadOnlyList<string> allowed, string requested)
    {
        foreach (var pattern in allowed)
        {
            if (pattern == requested || (wildcard && pattern.Contains('*', StringComparison.Ordinal) && WildcardMatches(pattern, requested)))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The first requested scope not covered, or null when all are.</summary>
    public string? FirstDisallowed(IReadOnlyList<string> allowed, IEnumerable<string> requested)
    {
        foreach (var scope in requested)
        {
            if (!Allows(allowed, scope))
            {
                return scope;
            }
        }

        return null;
    }

    private static bool WildcardMatches(string pattern, string requested)
    {
        var patternParts = pattern.Split('.');
        var requestedParts = requested.Split('.');
        if (patternParts.Length > requestedParts.Length)
        {
            return false;
        }

        for (var i = 0; i < patternParts.Length; i++)
        {
            var part = patternParts[i];
            var isLast = i == patternParts.Length - 1;
            if (part == "*")
            {
                if (requestedParts[i].Length == 0)
                {
                    return false;
                }

                continue;
            }

            if (part != requestedParts[i] || (isLast && patternParts.Length != requestedParts.Length))
            {
                return false;
            }
        }

        return true;
    }
}

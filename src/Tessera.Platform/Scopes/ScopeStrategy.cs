namespace Tessera.Platform.Scopes;

/// <summary>
/// Decides whether a scope is covered by a list of granted scopes, as fosite's strategies do:
/// <c>exact</c> compares strings; <c>hierarchic</c> lets <c>photos</c> cover <c>photos.read</c> (a granted
/// scope covers every scope below it); <c>wildcard</c> also lets a <c>*</c> part match any one non-empty
/// dot-separated part, and a trailing <c>*</c> match deeper scopes (<c>photos.*</c> covers <c>photos.read</c>
/// and <c>photos.album.read</c>). Hydra knows exact and wildcard (<c>strategies.scope</c>); Oathkeeper's
/// handlers name all three (<c>scope_strategy</c>, with <c>none</c> for no check).
/// </summary>
public sealed class ScopeStrategy
{
    private enum Kind
    {
        Exact,
        Hierarchic,
        Wildcard,
    }

    private readonly Kind _kind;

    private ScopeStrategy(Kind kind) => _kind = kind;

    public static ScopeStrategy Exact { get; } = new(Kind.Exact);

    public static ScopeStrategy Hierarchic { get; } = new(Kind.Hierarchic);

    public static ScopeStrategy Wildcard { get; } = new(Kind.Wildcard);

    /// <summary>Hydra's <c>strategies.scope</c>: <c>exact</c>, anything else is its default wildcard.</summary>
    public static ScopeStrategy FromName(string? name) => string.Equals(name, "exact", StringComparison.Ordinal) ? Exact : Wildcard;

    /// <summary>
    /// Oathkeeper's <c>scope_strategy</c> (case-insensitive as it compares): the strategy, or null with
    /// <paramref name="known"/> true for <c>none</c>; <paramref name="known"/> false for any other name.
    /// </summary>
    public static ScopeStrategy? FromOathkeeperName(string name, out bool known)
    {
        known = true;
        switch (name.ToLowerInvariant())
        {
            case "hierarchic":
                return Hierarchic;
            case "exact":
                return Exact;
            case "wildcard":
                return Wildcard;
            case "none":
                return null;
            default:
                known = false;
                return null;
        }
    }

    public bool Allows(IReadOnlyList<string> allowed, string requested)
    {
        foreach (var pattern in allowed)
        {
            if (pattern == requested)
            {
                return true;
            }

            var covered = _kind switch
            {
                Kind.Hierarchic => HierarchicMatches(pattern, requested),
                Kind.Wildcard => pattern.Contains('*', StringComparison.Ordinal) && WildcardMatches(pattern, requested),
                _ => false,
            };
            if (covered)
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

    private static bool HierarchicMatches(string pattern, string requested)
    {
        var patternParts = pattern.Split('.');
        var requestedParts = requested.Split('.');
        if (patternParts.Length > requestedParts.Length)
        {
            return false;
        }

        for (var i = 0; i < patternParts.Length; i++)
        {
            if (patternParts[i] != requestedParts[i])
            {
                return false;
            }
        }

        return true;
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

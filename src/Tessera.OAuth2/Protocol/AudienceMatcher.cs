namespace Tessera.OAuth2.Protocol;

/// <summary>
/// Checks requested audiences against a client's allowed ones as Hydra does by default: URLs match when
/// scheme and host are equal and the requested path is the allowed path or below it; anything that is
/// not an absolute URL must match exactly.
/// </summary>
internal static class AudienceMatcher
{
    /// <summary>The first requested audience that is not allowed, or null.</summary>
    public static string? FirstDisallowed(IReadOnlyList<string> allowed, IEnumerable<string> requested)
    {
        foreach (var audience in requested)
        {
            if (!allowed.Any(a => Matches(a, audience)))
            {
                return audience;
            }
        }

        return null;
    }

    private static bool Matches(string allowed, string requested)
    {
        if (allowed == requested)
        {
            return true;
        }

        if (!Uri.TryCreate(allowed, UriKind.Absolute, out var a) || !Uri.TryCreate(requested, UriKind.Absolute, out var r))
        {
            return false;
        }

        if (!string.Equals(a.Scheme, r.Scheme, StringComparison.Ordinal) || !string.Equals(a.Authority, r.Authority, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var allowedPath = a.AbsolutePath.TrimEnd('/');
        var requestedPath = r.AbsolutePath;
        return requestedPath == a.AbsolutePath || requestedPath == allowedPath || requestedPath.StartsWith(allowedPath + "/", StringComparison.Ordinal);
    }
}

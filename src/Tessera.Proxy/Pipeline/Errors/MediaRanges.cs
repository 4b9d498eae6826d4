namespace Tessera.Proxy.Pipeline.Errors;

/// <summary>Oathkeeper's <c>matchesAcceptMIME</c>: a request type matches a handler type that is <c>*/*</c>, <c>type/*</c> of its type, or equal (ignoring case).</summary>
internal static class MediaRanges
{
    public static bool AnyAccepted(IReadOnlyList<string> requestTypes, IReadOnlyList<string> handlerTypes)
    {
        foreach (var actual in requestTypes)
        {
            var slash = actual.IndexOf('/', StringComparison.Ordinal);
            var major = slash < 0 ? actual : actual[..slash];
            foreach (var wanted in handlerTypes)
            {
                var m = wanted.Trim();
                if (m == "*/*"
                    || (m.EndsWith("/*", StringComparison.Ordinal) && string.Equals(m[..^2], major, StringComparison.OrdinalIgnoreCase))
                    || string.Equals(actual, m, StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }
            }
        }

        return false;
    }
}

namespace Tessera.Platform.Persistence;

/// <summary>Builds the password-free form of a DSN that errors and logs may show.</summary>
internal static class DsnRedaction
{
    private static readonly string[] SecretParameters = ["password", "pass", "pwd", "sslpassword"];

    /// <summary>
    /// <paramref name="userInfo"/> is what stood before the '@' (null when there was none);
    /// the password after its first ':' becomes <c>***</c>.
    /// </summary>
    public static string Redact(string scheme, string? userInfo, string address, string? query)
    {
        var text = scheme + "://";
        if (userInfo is not null)
        {
            var colon = userInfo.IndexOf(':');
            text += colon < 0 ? userInfo + "@" : userInfo[..colon] + ":***@";
        }

        text += address;
        if (query is not null)
        {
            text += "?" + RedactQuery(query);
        }

        return text;
    }

    private static string RedactQuery(string query)
    {
        var pairs = query.Split('&');
        for (var i = 0; i < pairs.Length; i++)
        {
            var equals = pairs[i].IndexOf('=');
            var key = equals < 0 ? pairs[i] : pairs[i][..equals];
            if (equals >= 0 && Array.Exists(SecretParameters, s => string.Equals(s, key, StringComparison.OrdinalIgnoreCase)))
            {
                pairs[i] = key + "=***";
            }
        }

        return string.Join('&', pairs);
    }
}

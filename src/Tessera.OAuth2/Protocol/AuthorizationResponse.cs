using System.Text;

namespace Tessera.OAuth2.Protocol;

/// <summary>
/// Builds the response to the client (RFC 6749 §4.1.2, OAuth 2.0 Multiple Response Types, Form Post
/// Response Mode), always with <c>iss</c> (RFC 9207), for successes and errors alike.
/// </summary>
internal static class AuthorizationResponse
{
    public static AuthorizeOutcome Success(RedirectTarget target, string issuer, IEnumerable<KeyValuePair<string, string>> values)
    {
        var fields = values.ToList();
        if (target.State is not null)
        {
            fields.Add(new("state", target.State));
        }

        fields.Add(new("iss", issuer));
        return Build(target, fields);
    }

    public static AuthorizeOutcome Error(RedirectTarget target, string issuer, OAuth2Error error)
        => Success(target, issuer, [new("error", error.Error), new("error_description", error.Description)]);

    /// <summary>The server's error page, for errors that must not go to an untrusted redirect URI.</summary>
    public static AuthorizeOutcome ErrorPage(string errorUrl, OAuth2Error error)
        => AuthorizeOutcome.Redirect(Append(errorUrl, '?', [new("error", error.Error), new("error_description", error.Description)]));

    public static string Append(string url, char separator, IEnumerable<KeyValuePair<string, string>> fields)
    {
        var builder = new StringBuilder(url);
        var first = separator == '#' || !url.Contains('?', StringComparison.Ordinal);
        foreach (var (name, value) in fields)
        {
            builder.Append(first ? separator : '&').Append(Uri.EscapeDataString(name)).Append('=').Append(Uri.EscapeDataString(value));
            first = false;
        }

        return builder.ToString();
    }

    private static AuthorizeOutcome Build(RedirectTarget target, List<KeyValuePair<string, string>> fields) => target.ResponseMode switch
    {
        "form_post" => new AuthorizeOutcome(null, target.RedirectUri, fields, []),
        "fragment" => AuthorizeOutcome.Redirect(Append(target.RedirectUri, '#', fields)),
        _ => AuthorizeOutcome.Redirect(Append(target.RedirectUri, '?', fields)),
    };
}

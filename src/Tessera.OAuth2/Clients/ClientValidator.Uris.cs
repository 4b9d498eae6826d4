using System.Text.Json.Nodes;

namespace Tessera.OAuth2.Clients;

/// <summary>The URI rules: web pages, fetched URLs, CORS origins, redirect and post-logout redirect URIs.</summary>
internal static partial class ClientValidator
{
    /// <summary>The single-URI fields a browser may be sent to or the server may fetch.</summary>
    private static readonly string[] UriFields = ["client_uri", "logo_uri", "policy_uri", "tos_uri", "jwks_uri", "sector_identifier_uri", "frontchannel_logout_uri", "backchannel_logout_uri"];

    /// <summary>
    /// No URI field may use a scheme that a browser runs or renders on the page's own origin
    /// (<see cref="BrowserTargets.DangerousScheme"/>), however it is spelled: the authorization server's
    /// pages and redirects lead to these URIs, and a <c>javascript:</c> one would run on its origin.
    /// </summary>
    private static ClientError? DangerousSchemes(JsonObject document)
    {
        foreach (var (index, text) in Texts(document, "redirect_uris").Index())
        {
            if (BrowserTargets.DangerousScheme(text) is { } scheme)
            {
                return ClientError.InvalidRedirectUri($"Field redirect_uris.{index} uses the {scheme}: scheme, which is not allowed: use https, http on a loopback host, or a private-use scheme of a native app (RFC 8252 section 7.1).");
            }
        }

        foreach (var name in new[] { "post_logout_redirect_uris", "request_uris" })
        {
            foreach (var (index, text) in Texts(document, name).Index())
            {
                if (BrowserTargets.DangerousScheme(text) is { } scheme)
                {
                    return ClientError.InvalidMetadata($"Field {name}.{index} uses the {scheme}: scheme, which is not allowed.");
                }
            }
        }

        foreach (var name in UriFields)
        {
            if (BrowserTargets.DangerousScheme(Text(document, name)) is { } scheme)
            {
                return ClientError.InvalidMetadata($"Field {name} uses the {scheme}: scheme, which is not allowed.");
            }
        }

        return null;
    }

    private static ClientError? WebUris(JsonObject document)
    {
        foreach (var name in new[] { "tos_uri", "policy_uri", "logo_uri", "client_uri", "jwks_uri", "frontchannel_logout_uri", "backchannel_logout_uri" })
        {
            var text = Text(document, name);
            if (text.Length == 0)
            {
                continue;
            }

            if (AbsoluteUri(text) is not { } uri)
            {
                return ClientError.InvalidMetadata($"Field {name} must be a valid URI.");
            }

            if (uri.Scheme is not ("https" or "http"))
            {
                return ClientError.InvalidMetadata($"{text} must use https:// or http:// as HTTP scheme for field {name}.");
            }
        }

        foreach (var (index, text) in Texts(document, "request_uris").Index())
        {
            if (AbsoluteUri(text) is null)
            {
                return ClientError.InvalidMetadata($"Field request_uris.{index} must be a valid URI.");
            }
        }

        var sector = Text(document, "sector_identifier_uri");
        return sector.Length > 0 && AbsoluteUri(sector) is null ? ClientError.InvalidMetadata("Field sector_identifier_uri must be a valid URI.") : null;
    }

    private static ClientError? CorsOrigins(JsonObject document)
    {
        var origins = document["allowed_cors_origins"]!.AsArray();
        for (var i = 0; i < origins.Count; i++)
        {
            var origin = origins[i]!.GetValue<string>();
            if (AbsoluteUri(origin) is not { } uri)
            {
                return ClientError.InvalidMetadata($"Origin URL {origin} from allowed_cors_origins could not be parsed.");
            }

            if (uri.Scheme is not ("https" or "http"))
            {
                return ClientError.InvalidMetadata($"Origin URL {origin} must use https:// or http:// as HTTP scheme.");
            }

            if (uri.UserInfo.Length > 0)
            {
                return ClientError.InvalidMetadata($"Origin URL {origin} has HTTP user and/or password set which is not allowed.");
            }

            if (uri.AbsolutePath.TrimEnd('/').Length + uri.Query.Length + uri.Fragment.Length > 0 || origin.EndsWith('#') || origin.EndsWith('?'))
            {
                return ClientError.InvalidMetadata($"Origin URL {origin} must have an empty path, query, and fragment but one of the parts is not empty.");
            }

            origins[i] = origin.TrimEnd('/');
        }

        return null;
    }

    private static ClientError? RedirectUris(JsonObject document, ClientValidationOptions options)
    {
        foreach (var redirect in Texts(document, "redirect_uris"))
        {
            if (redirect.Contains('#'))
            {
                return ClientError.InvalidRedirectUri("Redirect URIs must not contain fragments (#).");
            }

            if (AbsoluteUri(redirect) is not { } uri || BrowserTargets.HasControlCharacter(redirect))
            {
                return ClientError.InvalidRedirectUri($"Unable to parse redirect URL: {redirect}");
            }

            if (uri.Scheme == "http" && !uri.IsLoopback && !options.Dev)
            {
                return ClientError.InvalidRedirectUri($"Redirect URL {redirect} uses plain http, which is only allowed for loopback hosts (localhost, 127.0.0.1, [::1]) outside dev mode.");
            }
        }

        return null;
    }

    private static ClientError? PostLogoutRedirects(JsonObject document)
    {
        var redirects = Texts(document, "redirect_uris").Select(AbsoluteUri).OfType<Uri>().ToList();
        foreach (var target in Texts(document, "post_logout_redirect_uris"))
        {
            if (AbsoluteUri(target) is not { } uri || BrowserTargets.HasControlCharacter(target))
            {
                return ClientError.InvalidMetadata($"Unable to parse post_logout_redirect_uri: {target}");
            }

            if (!redirects.Any(r => r.Scheme == uri.Scheme && string.Equals(r.Host, uri.Host, StringComparison.OrdinalIgnoreCase) && r.Port == uri.Port))
            {
                return ClientError.InvalidMetadata($"post_logout_redirect_uri \"{target}\" must match the domain, port, scheme of at least one of the registered redirect URIs but did not");
            }
        }

        return null;
    }

    /// <summary>
    /// OpenID Connect Core 1.0 §8.1: a pairwise subject is computed per sector, which is the host of the
    /// redirect URIs unless <c>sector_identifier_uri</c> names it. Without one, redirect URIs on more than
    /// one host leave the sector ambiguous, and no redirect URIs or ones without a host (private-use
    /// schemes) leave none, so a client that can obtain an end-user's subject must then give one. Hydra
    /// refuses such clients when it computes the subject; refusing them here means they never see one.
    /// </summary>
    private static ClientError? PairwiseSector(JsonObject document)
    {
        if (Text(document, "subject_type") != "pairwise" || Text(document, "sector_identifier_uri").Length > 0)
        {
            return null;
        }

        var hosts = Texts(document, "redirect_uris").Select(r => AbsoluteUri(r)?.Authority ?? "").Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        if (hosts.Count > 1)
        {
            return ClientError.InvalidMetadata($"Field sector_identifier_uri must be set when subject_type is pairwise and the redirect_uris use more than one host ({string.Join(", ", hosts.Select(h => h.Length > 0 ? h : "none"))}), as OpenID Connect Core 1.0 section 8.1 requires.");
        }

        if (hosts is [""])
        {
            return ClientError.InvalidMetadata("Field sector_identifier_uri must be set when subject_type is pairwise and the redirect_uris have no host (private-use schemes), as the host would be the sector identifier.");
        }

        var grants = Texts(document, "grant_types");
        var userFacing = grants.Count == 0 || grants.Any(g => g is "authorization_code" or "implicit" or "urn:ietf:params:oauth:grant-type:device_code");
        return hosts.Count == 0 && userFacing
            ? ClientError.InvalidMetadata("Field sector_identifier_uri must be set when subject_type is pairwise and the client has no redirect_uris, as the host of the redirect_uris would be the sector identifier.")
            : null;
    }

    /// <summary>An absolute URI that really has a scheme (on Unix, .NET would read "/cb" as file:///cb).</summary>
    internal static Uri? AbsoluteUri(string text)
    {
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0 || !char.IsAsciiLetter(text[0]) || !text.AsSpan(0, colon).ContainsOnlyAsciiSchemeChars())
        {
            return null;
        }

        return Uri.TryCreate(text, UriKind.Absolute, out var uri) ? uri : null;
    }

    private static bool ContainsOnlyAsciiSchemeChars(this ReadOnlySpan<char> scheme)
    {
        foreach (var c in scheme)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('+' or '-' or '.'))
            {
                return false;
            }
        }

        return true;
    }
}

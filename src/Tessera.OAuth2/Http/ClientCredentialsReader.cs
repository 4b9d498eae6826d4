using Microsoft.AspNetCore.Http;
using Tessera.OAuth2.Protocol;

namespace Tessera.OAuth2.Http;

/// <summary>Collects a request's client credentials from the Basic header and the form.</summary>
internal static class ClientCredentialsReader
{
    /// <summary>
    /// The form and client credentials of a client's POST (token, revocation, device authorization);
    /// null after writing the RFC 6749 error when either is unusable.
    /// </summary>
    public static async Task<TokenRequest?> ReadRequestAsync(HttpContext context)
    {
        var (form, error) = await OAuth2Parameters.ReadFormAsync(context);
        if (form is null)
        {
            await OAuth2ErrorWriter.WriteAsync(context, error!);
            return null;
        }

        var (credentials, credentialsError) = Read(context.Request, form);
        if (credentials is null)
        {
            await OAuth2ErrorWriter.WriteAsync(context, credentialsError!);
            return null;
        }

        return new TokenRequest(form, credentials);
    }

    public static (ClientCredentials? Credentials, OAuth2Error? Error) Read(HttpRequest request, IReadOnlyDictionary<string, string> form)
    {
        var basic = BasicCredentials.Read(request, out var malformed);
        if (malformed)
        {
            return (null, OAuth2Error.InvalidRequest("The Authorization header is not valid HTTP Basic authentication."));
        }

        string? Value(string name) => form.TryGetValue(name, out var v) ? v : null;
        return (new ClientCredentials(
            basic?.Id, basic?.Secret, Value("client_id"), Value("client_secret"), Value("client_assertion_type"), Value("client_assertion")), null);
    }
}

using Microsoft.AspNetCore.Http;
using Tessera.OAuth2.Protocol;

namespace Tessera.OAuth2.Http;

/// <summary>Collects a request's client credentials from the Basic header and the form.</summary>
internal static class ClientCredentialsReader
{
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

using System.Text;

namespace Tessera.Proxy.Pipeline.Authenticators;

/// <summary>Go's <c>Request.BasicAuth</c>: <c>Authorization: Basic base64(user:password)</c> (scheme in any case), split at the first colon.</summary>
internal static class BasicCredentials
{
    public static (string User, string Password)? Read(PipelineRequest request)
    {
        var authorization = request.Headers.Authorization.FirstOrDefault() ?? "";
        if (authorization.Length < 6 || !authorization.AsSpan(0, 6).Equals("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        string decoded;
        try
        {
            decoded = Encoding.UTF8.GetString(Convert.FromBase64String(authorization[6..]));
        }
        catch (FormatException)
        {
            return null;
        }

        var colon = decoded.IndexOf(':', StringComparison.Ordinal);
        return colon < 0 ? null : (decoded[..colon], decoded[(colon + 1)..]);
    }
}

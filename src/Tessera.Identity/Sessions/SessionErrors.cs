using Tessera.Identity.Identities;

namespace Tessera.Identity.Sessions;

/// <summary>The session endpoints' refusals, in Kratos's (herodot's) words.</summary>
internal static class SessionErrors
{
    private const string Unauthorized = "The request could not be authorized";

    /// <summary><c>/sessions/whoami</c> without a usable session (no error id in Kratos v26).</summary>
    public static IdentityError NoSession { get; } = new(401, Unauthorized, "No valid session credentials found in the request.");

    /// <summary>The other <c>/sessions</c> endpoints without a usable session.</summary>
    public static IdentityError NoSessionCookie { get; } = new(401, Unauthorized, "No valid session cookie found.");

    public static IdentityError CurrentSession { get; } = new(400, "cannot revoke current session");

    public static IdentityError NotFound { get; } = IdentityError.NotFound;

    /// <summary>A path id that is no UUID (Kratos: the parser's error as the message).</summary>
    public static IdentityError BadUuid(string text) => new(400, $"uuid: incorrect UUID format in string \"{text}\"");

    public static IdentityError BadActive { get; } = new(400, "could not parse parameter active");

    public static IdentityError BadPageSize { get; } = new(400, "could not parse parameter page_size");

    public static IdentityError BadExpand(string value) => IdentityError.BadRequest($"Could not parse expand option: {value}");
}

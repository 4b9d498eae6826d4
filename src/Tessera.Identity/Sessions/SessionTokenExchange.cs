using System.Security.Cryptography;
using Tessera.Identity.Identities;

namespace Tessera.Identity.Sessions;

/// <summary>
/// Kratos's session token exchange for native apps: an API login or registration flow created with
/// <c>return_session_token_exchange_code=true</c> carries an init code, and <c>GET /sessions/token-exchange</c>
/// trades it, with the code a browser redirect appended to <c>return_to</c>, for the session token. In Kratos
/// only a social sign-in (the OIDC method) finishes in a browser and binds a session to the codes; this service
/// has no such method, so no exchange ever has a session, and the endpoint answers what Kratos answers then.
/// The return code is never handed out, so no code pair is kept.
/// </summary>
internal static class SessionTokenExchange
{
    private const string AlphaNum = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

    /// <summary>A code as Kratos makes them: 64 random letters and digits.</summary>
    public static string NewCode() => RandomNumberGenerator.GetString(AlphaNum, 64);

    public static IdentityError MissingCodes { get; } = IdentityError.BadRequest("\"init_code\" and \"return_to_code\" query params must be set");

    public static IdentityError NoSessionYet { get; } = new(404, IdentityError.NotFound.Message, "no session yet for this \"code\"");

    /// <summary>The refusal for an exchange with these query values.</summary>
    public static IdentityError Refusal(string initCode, string returnToCode)
        => initCode.Length == 0 || returnToCode.Length == 0 ? MissingCodes : NoSessionYet;
}

namespace Tessera.Identity.Flows.Settings;

/// <summary>The settings and logout flows' refusals, in Kratos's (herodot's) words.</summary>
internal static class SettingsErrors
{
    private const string Unauthorized = "The request could not be authorized";
    private const string Forbidden = "The requested action was forbidden";

    /// <summary>Kratos's <c>ErrNoActiveSessionFound</c> (<c>session_inactive</c>), whose message is its own, not herodot's 401 text.</summary>
    public static FlowError NoActiveSession(string reason = "No active session was found in this request.")
        => new(401, "request does not have a valid authentication session", reason, "session_inactive");

    /// <summary>Settings' <c>OnUnauthenticated</c> for JSON clients (no id in Kratos).</summary>
    public static FlowError SessionMissing => new(401, Unauthorized, "A valid Ory Session Cookie or Ory Session Token is missing.");

    /// <summary>Kratos's <c>security_identity_mismatch</c> when fetching a flow of another identity.</summary>
    public static FlowError FetchedBySomeoneElse => new(403, Forbidden, "The request was made for another identity and has been blocked for security reasons.", "security_identity_mismatch");

    /// <summary>Kratos's <c>security_identity_mismatch</c> when submitting a flow of another identity.</summary>
    public static FlowError SubmittedBySomeoneElse => new(403, Forbidden, "The request was initiated by someone else and has been blocked for security reasons. Please go back and try again.", "security_identity_mismatch");

    /// <summary>Kratos's <c>FlowNeedsReAuth</c>: 403 <c>session_refresh_required</c> with <c>redirect_browser_to</c> beside the error.</summary>
    public static FlowError RefreshRequired(string redirectBrowserTo) => new FlowError(403, Forbidden, "The login session is too old and thus not allowed to update these fields. Please re-authenticate.", "session_refresh_required")
    {
        Extra = new() { ["redirect_browser_to"] = redirectBrowserTo },
    };

    public static FlowError NoValueChanges => FlowError.BadRequest("Did not receive any value changes.");

    public static FlowError LogoutTokenMissing => FlowError.BadRequest("Please include a token in the URL query.");

    public static FlowError LogoutTokenMismatch => new(403, Forbidden, "Unable to log out because the logout token in the URL query does not match the session cookie.");

    public static FlowError UnknownSessionToken => new(403, Forbidden, "The provided Ory Session Token could not be found, is invalid, or otherwise malformed.");
}

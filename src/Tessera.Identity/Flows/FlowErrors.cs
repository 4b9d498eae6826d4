using System.Text.Json.Nodes;

namespace Tessera.Identity.Flows;

/// <summary>The errors of Kratos's flows, with its ids (<c>text/message_error.go</c>), reasons and details.</summary>
internal static class FlowErrors
{
    public const string IdFlowExpired = "self_service_flow_expired";
    public const string IdFlowDisabled = "self_service_flow_disabled";
    public const string IdReturnToForbidden = "self_service_flow_return_to_forbidden";
    public const string IdCsrf = "security_csrf_violation";
    public const string IdAlreadyLoggedIn = "session_already_available";
    public const string IdSessionRequiredForHigherAal = "session_aal1_required";

    private const string Gone = "The requested resource is no longer available because it has expired or is otherwise invalid.";

    private const string CsrfReason = "Please retry the flow and optionally clear your cookies. The request was rejected to protect you from Cross-Site-Request-Forgery (CSRF) which could cause account takeover, leaking personal information, and other serious security issues.";
    private const string NoCookie = "The HTTP Cookie Header is empty or not set.";
    private const string CookieMissing = "The HTTP Cookie Header was set but did not include the anti-CSRF cookie.";
    private const string TokenNotSent = "The anti-CSRF cookie was found but the CSRF token was not included in the HTTP request body (csrf_token) nor in the HTTP Header (X-CSRF-Token).";
    private const string TokenMismatch = "The HTTP Cookie Header was set and a CSRF token was sent but they do not match. We recommend deleting all cookies for this domain and retrying the flow.";
    private const string AjaxHint = "We detected an AJAX call, please ensure that CORS is enabled and configured correctly, and that your AJAX code sends cookies and has credentials enabled. For further debugging, check your Browser's Network Tab to see what cookies are included or excluded.";
    private const string ServerHint = "We detected a regular browser or server-side call. To debug browser calls check your Browser's Network Tab to see what cookies are included or excluded. If you are calling from a server ensure that the appropriate cookies are being forwarded and that the SDK method is called correctly.";

    /// <summary>The flow query parameter was missing or not a UUID (Kratos's <c>flow.GetFlowID</c>).</summary>
    public static FlowError FlowIdMissing => FlowError.BadRequest("The flow query parameter is missing or malformed.");

    /// <summary>An expired flow at submission (Kratos's <c>NewFlowExpiredError</c>), pointing at its replacement.</summary>
    public static FlowError Expired(DateTimeOffset expiredAt, DateTimeOffset now, string replacementId) => new(410, "self-service flow expired",
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"The self-service flow expired {(now - expiredAt).TotalMinutes:F2} minutes ago, initialize a new one."), IdFlowExpired)
    {
        Extra = new JsonObject
        {
            ["expired_at"] = expiredAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", System.Globalization.CultureInfo.InvariantCulture),
            ["since"] = (long)((now - expiredAt).Ticks * 100),
            ["use_flow_id"] = replacementId,
        },
    };

    /// <summary>An expired flow fetched with <c>GET …/flows</c>: where to start a new one.</summary>
    public static FlowError ExpiredOnFetch(string flow, bool browser, string initUrl, string? returnTo)
    {
        if (browser)
        {
            return new FlowError(410, Gone, $"The {flow} flow has expired. Redirect the user to the {flow} flow init endpoint to initialize a new {flow} flow.", IdFlowExpired)
                .WithDetail("redirect_to", initUrl).WithDetail("return_to", returnTo ?? "");
        }

        return new FlowError(410, Gone, $"The {flow} flow has expired. Call the {flow} flow init API endpoint to initialize a new {flow} flow.", IdFlowExpired)
            .WithDetail("api", initUrl);
    }

    public static FlowError ReturnToForbidden(string returnTo)
        => new FlowError(400, "The request was malformed or contained invalid parameters", $"Requested return_to URL {JsonValue.Create(returnTo).ToJsonString()} is not allowed.", IdReturnToForbidden);

    /// <summary>Kratos's <c>ErrAlreadyLoggedIn</c>.</summary>
    public static FlowError AlreadyLoggedIn => new(400, "you are already logged in", "A valid session was detected and thus login is not possible. Did you forget to set `?refresh=true`?", IdAlreadyLoggedIn);

    /// <summary>aal2 asked with a session, but this service has no second factor yet (Kratos refuses a level no method can reach).</summary>
    public static FlowError NoSecondFactor => FlowError.BadRequest("No second factor (TOTP, WebAuthn, lookup secrets, code) is enabled, so aal2 can not be reached.");

    public static FlowError RegistrationDisabled => new(400, "registration flow disabled", "Registration is not allowed because it was disabled.", IdFlowDisabled);

    public static FlowError OriginNeedsBrowserFlow => FlowError.BadRequest("The HTTP Request Header included the \"Origin\" key, indicating that this request was made as part of an AJAX request in a Browser. The flow however was initiated as an API request. To prevent potential misuse and mitigate several attack vectors including CSRF, the request has been blocked. Please consult the documentation.");

    public static FlowError CookieNeedsBrowserFlow(IReadOnlyList<string> cookies) => FlowError.BadRequest("The HTTP Request Header included the \"Cookie\" key, indicating that this request was made by a Browser. The flow however was initiated as an API request. To prevent potential misuse and mitigate several attack vectors including CSRF, the request has been blocked. Please consult the documentation.")
        .WithDetail("found cookies", new JsonArray(cookies.Select(c => (JsonNode)c).ToArray()));

    public static FlowError AalNotSupported(string aal) => FlowError.BadRequest($"Unable to parse AuthenticationMethod Assurance Level (AAL): expected one of [aal1 aal2] but got {aal}");

    /// <summary>Kratos's <c>CSRFErrorReason</c>: which part of the anti-CSRF pair was missing or wrong, for an AJAX call or not.</summary>
    public static FlowError Csrf(FlowRequest request, bool tokenSent)
    {
        var ajax = request.SecFetchMode is "cors" or "same-origin";
        var error = new FlowError(403, "the request was rejected to protect you from Cross-Site-Request-Forgery", CsrfReason, IdCsrf).WithDetail("docs", "https://www.ory.sh/kratos/docs/debug/csrf");
        string? reject;
        if (!request.HasCookieHeader)
        {
            reject = NoCookie;
        }
        else if (request.CsrfCookie is null)
        {
            reject = CookieMissing;
        }
        else if (!tokenSent)
        {
            return error.WithDetail("hint", TokenNotSent);
        }
        else
        {
            reject = TokenMismatch;
        }

        return error.WithDetail("hint", ajax ? AjaxHint : ServerHint).WithDetail("reject_reason", reject);
    }
}

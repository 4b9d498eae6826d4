namespace Tessera.Identity.Flows;

/// <summary>The self-service flows (Kratos's <c>flow.FlowName</c>) and their two kinds (<c>flow.Type</c>).</summary>
internal static class FlowNames
{
    public const string Login = "login";
    public const string Registration = "registration";
    public const string Settings = "settings";
    public const string Recovery = "recovery";
    public const string Verification = "verification";

    /// <summary>A flow started by a browser: anti-CSRF cookie and token, redirects to the UI.</summary>
    public const string Browser = "browser";

    /// <summary>A flow started by a native app: JSON only, no cookies.</summary>
    public const string Api = "api";

    public const string StateChooseMethod = "choose_method";
    public const string StateSentEmail = "sent_email";
    public const string StatePassedChallenge = "passed_challenge";
    public const string StateShowForm = "show_form";
    public const string StateSuccess = "success";
}

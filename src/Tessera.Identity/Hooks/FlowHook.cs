using System.Text.Json.Nodes;

namespace Tessera.Identity.Hooks;

/// <summary>One entry of <c>selfservice.flows.&lt;flow&gt;.after[.&lt;method&gt;].hooks</c>: its name and config.</summary>
internal sealed record FlowHook(string Name, JsonObject Config, string Key)
{
    /// <summary>A <c>web_hook</c>'s parsed config.</summary>
    public WebHookOptions? WebHookConfig { get; init; }

    public const string Session = "session";
    public const string RevokeActiveSessions = "revoke_active_sessions";
    public const string RequireVerifiedAddress = "require_verified_address";
    public const string ShowVerificationUi = "show_verification_ui";
    public const string WebHook = "web_hook";
}

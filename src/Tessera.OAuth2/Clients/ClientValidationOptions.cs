using System.Text.Json.Nodes;
using Tessera.Platform.Services;

namespace Tessera.OAuth2.Clients;

/// <summary>What client validation depends on from the configuration.</summary>
/// <param name="Dev">Dev mode: plain-http redirect and sector identifier URIs are allowed for any host.</param>
/// <param name="SubjectTypes"><c>oidc.subject_identifiers.supported_types</c>.</param>
/// <param name="DefaultScope"><c>oidc.dynamic_client_registration.default_scope</c>: the scope of a client created without one.</param>
/// <param name="Dynamic">The request came through dynamic client registration, which may set fewer fields.</param>
internal sealed record ClientValidationOptions(bool Dev, IReadOnlyList<string> SubjectTypes, IReadOnlyList<string> DefaultScope, bool Dynamic = false)
{
    public static readonly IReadOnlyList<string> HydraDefaultScope = ["offline_access", "offline", "openid"];

    /// <summary>The options in force for a request to the running service.</summary>
    public static ClientValidationOptions For(ServiceContext context, bool dynamic)
    {
        ArgumentNullException.ThrowIfNull(context);
        var config = context.Config;
        var scope = config.Get("oidc.dynamic_client_registration.default_scope") is JsonArray
            ? config.GetStrings("oidc.dynamic_client_registration.default_scope")
            : HydraDefaultScope;
        return new ClientValidationOptions(context.Dev, config.GetStrings("oidc.subject_identifiers.supported_types"), scope, dynamic);
    }
}

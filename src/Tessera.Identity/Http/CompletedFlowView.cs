using System.Text.Json.Nodes;
using Tessera.Identity.Flows;
using Tessera.Identity.Identities;
using Tessera.Identity.Sessions;

namespace Tessera.Identity.Http;

/// <summary>
/// A completed flow's body, field for field as Kratos's <c>APIFlowResponse</c>s: the session as whoami writes it, the
/// identity without credentials or admin metadata, <c>continue_with</c> null when empty.
/// </summary>
internal sealed class CompletedFlowView(SessionIssuer issuer, TimeProvider time, string publicBase)
{
    public SessionIssuer Issuer => issuer;

    public JsonObject Render(FlowCompleted completed)
    {
        var json = new JsonObject();
        if (completed.SessionToken is { } token)
        {
            json["session_token"] = token;
        }

        if (completed.Session is { } session)
        {
            json["session"] = SessionView.Render(session, time.GetUtcNow(), publicBase, admin: false);
        }
        else if (completed.Flow == FlowNames.Login)
        {
            json["session"] = null;
        }

        if (completed.Flow == FlowNames.Registration)
        {
            var parts = (completed.Parts ?? IdentityParts.Empty) with { Credentials = [], Identifiers = [] };
            var identity = IdentityView.Render(completed.Identity, publicBase, parts);
            identity.Remove("metadata_admin");
            json["identity"] = identity;
        }

        json["continue_with"] = completed.ContinueWith is { Count: > 0 } items ? items.DeepClone() : null;
        return json;
    }
}

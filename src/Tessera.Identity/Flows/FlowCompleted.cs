using System.Text.Json.Nodes;
using Tessera.Identity.Identities;
using Tessera.Identity.Sessions;

namespace Tessera.Identity.Flows;

/// <summary>
/// A completed flow's JSON answer for <c>Http/</c> to render (it owns the identity and session views): login
/// <c>{session_token?, session, continue_with}</c>, registration <c>{session_token?, session?, identity, continue_with}</c>
/// (Kratos's <c>APIFlowResponse</c>s; <c>continue_with</c> is null when empty, as Go writes a nil slice).
/// </summary>
internal sealed record FlowCompleted(string Flow, IdentityRecord Identity, IdentityParts? Parts, SessionRecord? Session, string? SessionToken, JsonArray? ContinueWith);

using Tessera.Identity.Identities;

namespace Tessera.Identity.Flows;

/// <summary>
/// What a method hands the framework when it completed a flow: the identity it authenticated (login) or
/// composed (registration, with <see cref="NewParts"/> to write with it), the method and the level it reached
/// (Kratos's <c>CompletedAuthenticationMethod</c>), the identifier used (login), and the flow as the method left it.
/// </summary>
internal sealed record FlowCompletion(IdentityRecord Identity, IdentityParts? NewParts, string Method, string Aal, string? Identifier = null)
{
    public SelfServiceFlow? Flow { get; init; }
}

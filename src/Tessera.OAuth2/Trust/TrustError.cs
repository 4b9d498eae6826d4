namespace Tessera.OAuth2.Trust;

/// <summary>
/// Why a request to trust an issuer was refused: the hint naming the field. Hydra answers these with
/// fosite's <c>missing_required_parameter</c>, whatever the field's fault.
/// </summary>
internal sealed record TrustError(string Hint);

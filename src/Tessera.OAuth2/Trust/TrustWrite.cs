namespace Tessera.OAuth2.Trust;

/// <summary>The outcome of trusting an issuer: the stored grant, or why the request was refused, or a conflict with a grant for the same issuer, subject and key.</summary>
internal sealed record TrustWrite(TrustedIssuer? Grant, TrustError? Error, bool Conflict = false);

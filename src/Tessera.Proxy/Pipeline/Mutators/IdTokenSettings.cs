namespace Tessera.Proxy.Pipeline.Mutators;

/// <summary>An id_token mutator's effective <c>issuer_url</c>, <c>jwks_url</c> (normalized) and <c>ttl</c>.</summary>
internal sealed record IdTokenSettings(string IssuerUrl, string JwksUrl, TimeSpan Ttl);

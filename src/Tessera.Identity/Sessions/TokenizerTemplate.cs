using System.Text.Json.Nodes;

namespace Tessera.Identity.Sessions;

/// <summary>
/// One <c>session.whoami.tokenizer.templates.&lt;name&gt;</c>: the private JWK that signs (the first private key of
/// <c>jwks_url</c>, read at start; its <c>alg</c> and <c>kid</c> go into the header), the token's <c>ttl</c>
/// (default 1m) and where <c>sub</c> comes from (<c>id</c> or <c>external_id</c>).
/// </summary>
internal sealed record TokenizerTemplate(string Name, JsonObject SigningKey, TimeSpan Ttl, string SubjectSource)
{
    public static readonly TimeSpan DefaultTtl = TimeSpan.FromMinutes(1);
}

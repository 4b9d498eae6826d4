namespace Tessera.OAuth2.Storage;

/// <summary>What a janitor run cleans, as Hydra's <c>--tokens</c>, <c>--requests</c> and <c>--grants</c>.</summary>
[Flags]
internal enum JanitorScope
{
    None = 0,

    /// <summary>Expired or inactive tokens, codes and sessions in <c>oauth2_tokens</c>, and expired JWT ids.</summary>
    Tokens = 1,

    /// <summary>Expired login/consent flows and logout requests.</summary>
    Requests = 2,

    /// <summary>Expired trusted JWT-bearer issuers, with their keys when no other grant uses them.</summary>
    Grants = 4,
}

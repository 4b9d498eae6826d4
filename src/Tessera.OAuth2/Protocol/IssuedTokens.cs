namespace Tessera.OAuth2.Protocol;

/// <summary>What a grant produced: the rows to store and the answer for the client.</summary>
internal sealed record IssuedTokens(IReadOnlyList<StoredToken> Rows, TokenResponse Response);

namespace Tessera.OAuth2.Keys;

/// <summary>Why a key request was refused: a 400 in Ory's shape, with this message and, when there is one, a reason.</summary>
internal sealed record KeyError(string Message, string? Reason = null);

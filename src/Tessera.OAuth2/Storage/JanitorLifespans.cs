namespace Tessera.OAuth2.Storage;

/// <summary>
/// Hydra's janitor lifespans (<c>--access-lifespan</c>, <c>--refresh-lifespan</c>,
/// <c>--consent-request-lifespan</c>): rows requested longer ago are deleted whatever their stored expiry,
/// for when the configured lifespans were shortened after the rows were written. Null: not applied.
/// </summary>
internal sealed record JanitorLifespans(TimeSpan? AccessToken, TimeSpan? RefreshToken, TimeSpan? ConsentRequest);

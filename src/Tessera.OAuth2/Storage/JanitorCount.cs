namespace Tessera.OAuth2.Storage;

/// <summary>How many rows one janitor routine deleted, and from where (<paramref name="What"/> is for people).</summary>
internal sealed record JanitorCount(string What, string Table, long Deleted);

using System.Text.Json.Nodes;

namespace Tessera.Platform.Jose;

/// <summary>The keys read from a key set URL (a <c>jwks_uri</c>), or why none could be read. Shared by concurrent callers: read only.</summary>
/// <param name="Keys">Public keys (private members removed, symmetric keys dropped), or every key as written with <see cref="RemoteKeySetFetcher.KeepAllMembers"/>; empty when <paramref name="Problem"/> is set.</param>
/// <param name="Problem">What went wrong fetching or reading the set, for an error description (never what the remote answered or why a connection failed); null on success.</param>
internal sealed record RemoteKeySet(IReadOnlyList<JsonObject> Keys, string? Problem)
{
    public static RemoteKeySet Failed(string problem) => new([], problem);
}

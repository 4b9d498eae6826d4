namespace Tessera.Platform.Outbound;

/// <summary>
/// An outbound call failed. The message only names the field and says the fetch failed: what the
/// remote said or why the connection broke would let an API caller probe the server's network, so the
/// detail goes to the log (<see cref="OutboundHttpClient"/> writes it) and nowhere else.
/// </summary>
/// <param name="field">The setting or client field whose URL was called (<c>jwks_uri</c>, <c>oauth2.token_hook</c> …).</param>
/// <param name="failure">Why, for tests and code that must tell causes apart; never shown to API callers.</param>
internal sealed class OutboundFetchException(string field, OutboundFailure failure) : Exception(SafeMessage(field))
{
    public string Field { get; } = field;

    public OutboundFailure Failure { get; } = failure;

    /// <summary>What an API caller may be told: <c>The fetch of jwks_uri failed.</c></summary>
    public static string SafeMessage(string field) => $"The fetch of {field} failed.";
}

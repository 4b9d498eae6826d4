namespace Tessera.Identity.Identities;

/// <summary>
/// The request for one page of <c>GET /admin/identities</c>: after which id, how many, and Kratos's
/// filters (<c>credentials_identifier</c>, <c>preview_credentials_identifier_similar</c>, <c>ids</c>,
/// <c>organization_id</c>; empty or null filters nothing).
/// </summary>
internal sealed record IdentityPage(string AfterId, int Limit, string? CredentialsIdentifier, IReadOnlyList<string> Ids, string? OrganizationId)
{
    /// <summary>An identifier prefix: the identities one of whose identifiers starts with it (Kratos's similarity search is a LIKE prefix match too).</summary>
    public string? CredentialsIdentifierSimilar { get; init; }

    /// <summary>How many identities of the ordered list to skip first (Kratos's legacy <c>page</c>/<c>per_page</c> paging); 0 with keyset paging.</summary>
    public int Offset { get; init; }
}

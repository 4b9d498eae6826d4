namespace Tessera.Identity.Identities;

/// <summary>The request for one page of <c>GET /admin/identities</c>: after which id, how many, and the optional filter.</summary>
internal sealed record IdentityPage(string AfterId, int Limit, string? CredentialsIdentifier);

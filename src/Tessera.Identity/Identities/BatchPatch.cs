namespace Tessera.Identity.Identities;

/// <summary>One item of <c>PATCH /admin/identities</c> (Kratos's identityPatch): the identity to create, and the caller's id for the item.</summary>
internal sealed record BatchPatch(IdentityRequest? Create, string? PatchId);

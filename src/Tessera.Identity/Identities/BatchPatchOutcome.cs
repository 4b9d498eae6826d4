namespace Tessera.Identity.Identities;

/// <summary>
/// What became of one item of <c>PATCH /admin/identities</c> (Kratos's identityPatchResponse): <c>create</c> with the
/// new identity's id, or <c>error</c> with the error; null stands for an item that asked for nothing.
/// </summary>
internal sealed record BatchPatchOutcome(string Action, string? IdentityId, string? PatchId, IdentityError? Error)
{
    public const string Created = "create";
    public const string Failed = "error";
}

namespace Tessera.Identity.Identities;

/// <summary>Where preparing a new identity failed: Kratos fails a whole batch for the first, and only the item for the second.</summary>
internal enum PrepareError
{
    None,

    /// <summary>The body itself (an imported password that cannot be used).</summary>
    Request,

    /// <summary>The identity's validation against its schema.</summary>
    Validation,
}

namespace Tessera.Identity.Identities;

/// <summary>What writing an identity came to.</summary>
internal enum IdentityWrite
{
    Written,

    /// <summary>Another identity has one of its identifiers, or its external id.</summary>
    Conflict,

    NotFound,
}

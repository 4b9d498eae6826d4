namespace Tessera.OAuth2.Protocol;

/// <summary>How a request to the token, revocation or introspection endpoint identified its client.</summary>
internal sealed record ClientCredentials(
    string? BasicId = null,
    string? BasicSecret = null,
    string? FormId = null,
    string? FormSecret = null,
    string? AssertionType = null,
    string? Assertion = null)
{
    public bool UsesBasic => BasicId is not null;

    public bool UsesAssertion => Assertion is not null || AssertionType is not null;
}

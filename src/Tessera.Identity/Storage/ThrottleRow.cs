namespace Tessera.Identity.Storage;

/// <summary>One row of <c>identity_login_throttle</c>: a failure counter or a known address, <paramref name="LastAt"/> in Unix milliseconds.</summary>
internal sealed record ThrottleRow(string Kind, string IdentifierKey, string AddressKey, int Failures, long LastAt);

namespace Tessera.Platform.Outbound;

/// <summary>Why an outbound call failed; for logs and tests, never for the caller's answer.</summary>
internal enum OutboundFailure
{
    /// <summary>The URL is not an absolute http(s) URL with a host.</summary>
    InvalidUrl,

    /// <summary>The host resolves to an address that <see cref="AddressPolicy"/> refuses.</summary>
    Refused,

    /// <summary>The host name could not be resolved.</summary>
    Unresolved,

    /// <summary>No connection, TLS failed, or the peer broke the exchange.</summary>
    Unreachable,

    /// <summary>No complete answer within the call's timeout.</summary>
    TimedOut,

    /// <summary>The answer is larger than the call's size limit.</summary>
    TooLarge,

    /// <summary>The peer answered with a status the caller cannot use.</summary>
    Status,
}

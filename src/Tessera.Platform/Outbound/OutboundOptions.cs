namespace Tessera.Platform.Outbound;

/// <summary>What a service decides about its outbound calls; each service reads these from its own configuration.</summary>
internal sealed record OutboundOptions
{
    /// <summary>Refuse to connect to internal addresses (<see cref="AddressPolicy"/>), checked when connecting.</summary>
    public bool DisallowPrivateRanges { get; init; }

    /// <summary>
    /// URLs exempt from <see cref="DisallowPrivateRanges"/>, matched as <see cref="ExceptionUrls"/> describes
    /// (Hydra's <c>clients.http.private_ip_exception_urls</c>).
    /// </summary>
    public IReadOnlyList<string> ExceptionUrls { get; init; } = [];

    /// <summary>The limits of a call that does not bring its own.</summary>
    public OutboundLimits Limits { get; init; } = OutboundLimits.Default;
}

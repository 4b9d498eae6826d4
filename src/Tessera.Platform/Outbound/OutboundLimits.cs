namespace Tessera.Platform.Outbound;

/// <summary>How long one outbound call may take, headers and body together, and how large its answer may be.</summary>
internal sealed record OutboundLimits(TimeSpan Timeout, int MaxResponseBytes)
{
    /// <summary>Ten seconds and 5 MiB, unless a caller knows better.</summary>
    public static OutboundLimits Default { get; } = new(TimeSpan.FromSeconds(10), 5 << 20);
}

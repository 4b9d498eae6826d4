namespace Tessera.Platform.Hosting;

/// <summary>A dependency that must answer before <c>/health/ready</c> says 200; the name appears in the 503 body.</summary>
public sealed record ReadinessCheck(string Name, Func<CancellationToken, Task<bool>> IsReady)
{
    /// <summary>Why the check is not ready, for the 503 body; null (or no answer) says "&lt;name&gt; is not ready".</summary>
    public Func<string?>? Reason { get; init; }
}

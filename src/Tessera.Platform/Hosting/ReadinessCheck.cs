namespace Tessera.Platform.Hosting;

/// <summary>A dependency that must answer before <c>/health/ready</c> says 200; the name appears in the 503 body.</summary>
public sealed record ReadinessCheck(string Name, Func<CancellationToken, Task<bool>> IsReady);

namespace Tessera.Proxy.Rules.Repositories;

/// <summary>Reads a polled source again every <c>access_rules.refresh_interval</c>, on the service's clock, until stopped.</summary>
internal static class RefreshLoop
{
    public static async Task RunAsync(TimeSpan every, TimeProvider time, Func<CancellationToken, Task> load, CancellationToken ct)
    {
        using var timer = new PeriodicTimer(every, time);
        try
        {
            while (await timer.WaitForNextTickAsync(ct))
            {
                await load(ct);
            }
        }
        catch (OperationCanceledException)
        {
            // stopped
        }
    }
}

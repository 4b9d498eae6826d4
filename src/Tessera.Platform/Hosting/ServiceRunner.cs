using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;

namespace Tessera.Platform.Hosting;

/// <summary>
/// Runs a set of listeners (one service's or several) until SIGTERM/SIGINT or cancellation, then
/// shuts them down gracefully: <c>/health/ready</c> turns 503 so load balancers stop routing here,
/// every response from then on says <c>Connection: close</c>, and open keep-alive connections get a
/// grace (up to 2 s, half the shutdown timeout at most) to send their next request and have it
/// answered; then the listeners stop accepting and in-flight requests finish within the timeout.
/// </summary>
public sealed class ServiceRunner
{
    private static readonly TimeSpan DrainGrace = TimeSpan.FromSeconds(2);

    private readonly IReadOnlyList<ListenerHost> hosts;
    private readonly TimeSpan shutdownTimeout;
    private readonly ILogger logger;

    public ServiceRunner(IReadOnlyList<ListenerHost> hosts, TimeSpan shutdownTimeout, ILogger logger)
    {
        this.hosts = hosts;
        this.shutdownTimeout = shutdownTimeout;
        this.logger = logger;
    }

    /// <summary>Starts every listener; completes when all are listening.</summary>
    public async Task StartAsync(CancellationToken ct)
    {
        foreach (var host in hosts)
        {
            await host.StartAsync(ct);
        }
    }

    /// <summary>Starts, waits for a signal or <paramref name="stop"/>, and shuts down. Returns the exit code.</summary>
    public async Task<int> RunAsync(CancellationToken stop)
    {
        using var signalled = CancellationTokenSource.CreateLinkedTokenSource(stop);
        void OnSignal(PosixSignalContext context)
        {
            context.Cancel = true;
            // Shutdown runs on the caller's flow, not inside the signal handler.
            ThreadPool.QueueUserWorkItem(static source => source.Cancel(), signalled, preferLocal: false);
        }

        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        await StartAsync(stop);
        try
        {
            await Task.Delay(Timeout.Infinite, signalled.Token);
        }
        catch (OperationCanceledException)
        {
            // a signal or the caller asked us to stop
        }

        await ShutdownAsync();
        return 0;
    }

    public async Task ShutdownAsync()
    {
        using var deadline = new CancellationTokenSource(shutdownTimeout);
        HostingLog.ShuttingDown(logger, hosts.Sum(h => h.Drain.OpenConnections), shutdownTimeout.TotalSeconds);
        foreach (var host in hosts)
        {
            host.Drain.BeginDrain();
        }

        var grace = DrainGrace < shutdownTimeout / 2 ? DrainGrace : shutdownTimeout / 2;
        var graceEnds = DateTime.UtcNow + grace;
        while (DateTime.UtcNow < graceEnds && hosts.Any(h => h.Drain.OpenConnections > 0))
        {
            await Task.Delay(10, CancellationToken.None);
        }

        await Task.WhenAll(hosts.Select(h => h.StopAsync(deadline.Token)));
        foreach (var host in hosts)
        {
            await host.DisposeAsync();
        }

        HostingLog.Stopped(logger);
    }
}

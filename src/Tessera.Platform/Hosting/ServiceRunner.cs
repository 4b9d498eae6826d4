using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;

namespace Tessera.Platform.Hosting;

/// <summary>
/// Runs a set of listeners (one service's or several) until SIGTERM/SIGINT or cancellation, then
/// shuts them all down in an order that loses no request a client has sent:
/// <list type="number">
/// <item>every listening socket closes, so the kernel refuses new connects (a client or load
/// balancer retries a refused connect elsewhere; a connect accepted into a backlog that the stop
/// resets would lose its request instead);</item>
/// <item>draining begins: <c>/health/ready</c> answers 503 and every response from then on says
/// <c>Connection: close</c>, so each open connection has its in-flight and next request answered
/// and is then closed by the server;</item>
/// <item>open connections get a grace to send that next request: half of
/// <c>serve.shutdown.timeout</c>, at most 5 s (Hydra's whole shutdown budget), ending early when
/// the last one has closed;</item>
/// <item>the servers stop: connections still idle after the grace are closed, and in-flight
/// requests finish within what remains of <c>serve.shutdown.timeout</c>.</item>
/// </list>
/// </summary>
public sealed class ServiceRunner
{
    private static readonly TimeSpan MaxDrainGrace = TimeSpan.FromSeconds(5);

    private readonly IReadOnlyList<ListenerHost> hosts;
    private readonly TimeSpan shutdownTimeout;
    private readonly ILogger logger;

    public ServiceRunner(IReadOnlyList<ListenerHost> hosts, TimeSpan shutdownTimeout, ILogger logger)
    {
        this.hosts = hosts;
        this.shutdownTimeout = shutdownTimeout;
        this.logger = logger;
    }

    /// <summary>
    /// Starts every listener side by side; completes when all are listening. When one cannot start
    /// (its port taken, say), those that did are stopped again and the first failure is thrown.
    /// </summary>
    public async Task StartAsync(CancellationToken ct)
    {
        var starts = hosts.Select(host => Task.Run(() => host.StartAsync(ct), ct)).ToList();
        try
        {
            await Task.WhenAll(starts);
        }
        catch
        {
            for (var i = 0; i < hosts.Count; i++)
            {
                if (starts[i].IsCompletedSuccessfully)
                {
                    await hosts[i].StopAsync(CancellationToken.None);
                }
            }

            throw;
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

    /// <summary>How long open connections may take to send their last request: half the shutdown timeout, at most 5 s.</summary>
    private static TimeSpan DrainGrace(TimeSpan shutdownTimeout) => shutdownTimeout / 2 < MaxDrainGrace ? shutdownTimeout / 2 : MaxDrainGrace;

    public async Task ShutdownAsync()
    {
        using var deadline = new CancellationTokenSource(shutdownTimeout);
        var graceEnds = DateTime.UtcNow + DrainGrace(shutdownTimeout);
        await Task.WhenAll(hosts.Select(h => h.CloseListenersAsync()));

        HostingLog.ShuttingDown(logger, OpenConnections(), shutdownTimeout.TotalSeconds);
        foreach (var host in hosts)
        {
            host.Drain.BeginDrain();
        }

        while (OpenConnections() > 0 && DateTime.UtcNow < graceEnds)
        {
            await Task.Delay(10, CancellationToken.None);
        }

        if (OpenConnections() is var idle and > 0)
        {
            HostingLog.ClosingIdleConnections(logger, idle);
        }

        await Task.WhenAll(hosts.Select(h => h.StopAsync(deadline.Token)));
        foreach (var host in hosts)
        {
            await host.DisposeAsync();
        }

        HostingLog.Stopped(logger);
    }

    private int OpenConnections() => hosts.Sum(h => h.Drain.OpenConnections);
}

using System.CommandLine;
using System.Runtime.ExceptionServices;
using Tessera.Platform.Configuration;
using Tessera.Platform.Hosting;
using Tessera.Platform.Persistence;
using Tessera.Platform.Services;

namespace Tessera.Commands;

/// <summary><c>tessera serve oauth2|identity|proxy|all</c>: runs services until SIGTERM.</summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var command = new Command("serve", "Run a service, or all of them in one process, until SIGTERM or Ctrl-C.");
        var configs = new Option<string[]>("--config", "-c")
        {
            Description = "A YAML or JSON config file; repeat to layer several (later files win). Environment variables override files: serve.public.port is SERVE_PUBLIC_PORT.",
            Recursive = true,
        };
        var dev = new Option<bool>("--dev")
        {
            Description = "Development mode: the memory DSN, automatic migrations and (for oauth2) plain HTTP are allowed. Never in production.",
            Recursive = true,
        };
        var forceHttp = new Option<bool>("--dangerous-force-http")
        {
            Description = "Let oauth2 serve plain HTTP without TLS outside development mode (Hydra's rule; identity and proxy serve plain HTTP anyway, as Kratos and Oathkeeper do). Only behind a network you trust.",
            Recursive = true,
        };
        var sqaOptOut = new Option<bool>("--sqa-opt-out")
        {
            Description = "Accepted for compatibility with Ory's CLIs; Tessera sends no usage statistics.",
            Recursive = true,
        };
        command.Options.Add(configs);
        command.Options.Add(dev);
        command.Options.Add(forceHttp);
        command.Options.Add(sqaOptOut);

        foreach (var service in ServiceCatalog.All)
        {
            var sub = new Command(service.Name, $"Run the {service.Name} service ({string.Join(", ", service.Listeners.Select(l => $"{l.Name} :{l.DefaultPort}"))}).");
            sub.SetAction((parse, ct) => Run(parse, [service], prefixed: false, configs, dev, forceHttp, ct));
            command.Subcommands.Add(sub);
        }

        var all = new Command("all", "Run every service in one process, each on its own ports. Config files hold one section per service (oauth2:, identity:, proxy:); environment variables take the service's prefix (OAUTH2_SERVE_PUBLIC_PORT).");
        all.SetAction((parse, ct) => Run(parse, ServiceCatalog.All, prefixed: true, configs, dev, forceHttp, ct));
        command.Subcommands.Add(all);
        return command;
    }

    private static async Task<int> Run(ParseResult parse, IReadOnlyList<ServiceDescriptor> services, bool prefixed, Option<string[]> configs, Option<bool> dev, Option<bool> forceHttp, CancellationToken ct)
    {
        var error = parse.InvocationConfiguration.Error;
        var startup = new ServiceStartup(parse.GetValue(configs) ?? [], parse.GetValue(dev), parse.GetValue(forceHttp));
        // The services share nothing while they start (each its own config, database and keys), so they
        // are prepared side by side; `serve all` then waits for the slowest instead of the sum.
        var prepared = services.Select(service => Task.Run(() => startup.PrepareAsync(service, prefixed, ct), ct)).ToList();
        try
        {
            await Task.WhenAll(prepared);
        }
        catch
        {
            // every failure is reported below, in the services' order
        }

        var running = prepared.Where(t => t.IsCompletedSuccessfully).Select(t => t.Result).ToList();
        try
        {
            var failures = prepared.Where(t => !t.IsCompletedSuccessfully).Select(t => t.Exception?.InnerException ?? new OperationCanceledException(ct)).ToList();
            if (failures.Count > 0)
            {
                foreach (var failure in failures)
                {
                    var message = StartFailure(failure);
                    if (message is null)
                    {
                        ExceptionDispatchInfo.Capture(failure).Throw();
                    }

                    await error.WriteLineAsync($"error: {message}");
                }

                return 1;
            }

            var hosts = running.SelectMany(r => r.Hosts).ToList();
            var timeout = running.Max(r => r.ShutdownTimeout);
            var runner = new ServiceRunner(hosts, timeout, running[0].Logger);
            return await runner.RunAsync(ct);
        }
        catch (Exception e) when (StartFailure(e) is { } message)
        {
            await error.WriteLineAsync($"error: {message}");
            return 1;
        }
        finally
        {
            foreach (var service in running)
            {
                await service.DisposeAsync();
            }
        }
    }

    /// <summary>What to print for a start-up failure the operator can fix; null for a bug, which is rethrown.</summary>
    private static string? StartFailure(Exception e) => e switch
    {
        ConfigException or HostingException or DsnException or MigrationException or StartupException => e.Message,
        IOException when e.InnerException is System.Net.Sockets.SocketException || e.Message.Contains("address", StringComparison.OrdinalIgnoreCase) => $"cannot listen: {e.Message}",
        _ => null,
    };
}

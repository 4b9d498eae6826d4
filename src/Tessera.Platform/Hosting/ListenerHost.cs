using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Tessera.Platform.Observability;

namespace Tessera.Platform.Hosting;

/// <summary>
/// One listener: its own Kestrel server and pipeline, so that each listener keeps its own CORS,
/// TLS-termination rule and error shape. Shared state (database, config) comes in through the spec.
/// </summary>
public sealed class ListenerHost : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly ListenerSpec spec;
    private readonly DrainingTransport transport;
    private readonly ILogger logger;

    private ListenerHost(WebApplication app, ListenerSpec spec, DrainState drain, ILogger logger)
    {
        this.app = app;
        this.spec = spec;
        this.logger = logger;
        Drain = drain;
        transport = (DrainingTransport)app.Services.GetRequiredService<IConnectionListenerFactory>();
    }

    internal DrainState Drain { get; }

    public ListenerOptions Options => spec.Options;

    public static ListenerHost Create(ListenerSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var options = spec.Options;
        // The empty builder, not the slim one: that one reads appsettings.json with reload on, which
        // watches the whole working directory tree (a SQLite file in it wakes the watcher on every
        // write), and lets ASPNETCORE_* variables move the listeners. Tessera's config is its own.
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { Args = [] });
        builder.WebHost.UseKestrelCore().UseKestrelHttpsConfiguration();
        var drain = new DrainState();
        builder.Services.RemoveAll<IConnectionListenerFactory>();
        builder.Services.AddSingleton<IConnectionListenerFactory>(services => new DrainingTransport(
            services.GetRequiredService<IOptions<SocketTransportOptions>>().Value, services.GetRequiredService<ILoggerFactory>(), drain));
        builder.Services.AddRoutingCore();
        LoggingSetup.Configure(builder.Logging, spec.Config, spec.LogLevel ?? new LogLevelSwitch(LogLevels.Parse(spec.Config.GetString("log.level"))));
        builder.Services.AddSingleton<IHostLifetime, NoopHostLifetime>();
        builder.Services.Configure<FormOptions>(form =>
        {
            form.ValueCountLimit = 1024;
            form.KeyLengthLimit = 2048;
            form.ValueLengthLimit = (int)Math.Min(spec.MaxRequestBodyBytes ?? int.MaxValue, int.MaxValue);
        });

        var certificate = options.Tls?.Load();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = spec.MaxRequestBodyBytes;
            void Configure(ListenOptions listen)
            {
                if (options.Http2Only)
                {
                    listen.Protocols = HttpProtocols.Http2;
                }

                if (certificate is not null)
                {
                    listen.UseHttps(certificate);
                }
            }

            if (options.UnixSocketPath is { } socket)
            {
                kestrel.ListenUnixSocket(socket, Configure);
            }
            else if (options.Host.Length == 0)
            {
                kestrel.ListenAnyIP(options.Port, Configure);
            }
            else if (options.Host == "localhost")
            {
                kestrel.ListenLocalhost(options.Port, Configure);
            }
            else
            {
                kestrel.Listen(ResolveHost(options), options.Port, Configure);
            }
        });

        spec.ConfigureServices?.Invoke(builder.Services);
        var app = builder.Build();
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Tessera.Hosting");
        var host = new ListenerHost(app, spec, drain, logger);
        RequestPipeline.Use(app, options, drain, spec.Errors, logger);
        TlsTermination.Use(app, options, spec.Errors, logger);
        Cors.Use(app, CorsSource(spec));
        app.UseRouting();
        RouteRejection.Use(app, spec.Errors);
        HealthEndpoints.Map(app, spec.ReadinessChecks, options.IsAdmin, drain);
        if (options.IsAdmin)
        {
            app.MapGet("/metrics/prometheus", static async context =>
            {
                context.Response.ContentType = "text/plain; version=0.0.4; charset=utf-8";
                await RequestMetrics.ExportAsync(context.Response.Body, context.RequestAborted);
            });
        }

        spec.MapEndpoints?.Invoke(app);
        app.UseEndpoints(static _ => { });
        app.Run(context => spec.Errors(context, StatusCodes.Status404NotFound, $"No route matches {context.Request.Method} {context.Request.Path}."));
        return host;
    }

    /// <summary>CORS from the config in force, re-read only when a reload published a new snapshot.</summary>
    private static Func<CorsOptions> CorsSource(ListenerSpec spec)
    {
        if (spec.CurrentConfig is null)
        {
            return () => spec.Options.Cors;
        }

        var gate = new Lock();
        var seenConfig = spec.Config;
        var seenCors = spec.Options.Cors;
        return () =>
        {
            var config = spec.CurrentConfig();
            lock (gate)
            {
                if (!ReferenceEquals(seenConfig, config))
                {
                    seenCors = ListenerOptionsReader.ReadCors(config, spec.Options.Name);
                    seenConfig = config;
                }

                return seenCors;
            }
        };
    }

    public async Task StartAsync(CancellationToken ct)
    {
        if (Options.UnixSocketPath is { } socket)
        {
            RemoveStaleSocket(socket);
        }

        await app.StartAsync(ct);
        if (Options.UnixSocketPath is { } path && !OperatingSystem.IsWindows())
        {
            try
            {
                File.SetUnixFileMode(path, (UnixFileMode)Options.SocketMode);
                UnixSocketOwnership.Apply(path, Options.SocketOwner, Options.SocketGroup);
            }
            catch
            {
                await StopAsync(CancellationToken.None);
                throw;
            }
        }

        HostingLog.Listening(logger, spec.Service, Options.Name, Options.Describe());
    }

    /// <summary>
    /// Closes the listening sockets (and removes a unix socket's file) without resetting a connection
    /// already accepted, so that new connects are refused; open connections stay and keep being answered.
    /// </summary>
    public Task CloseListenersAsync() => transport.CloseListenersAsync();

    /// <summary>
    /// Stops the server: closes the listening sockets (if <see cref="CloseListenersAsync"/> has not)
    /// and the idle connections, and waits for in-flight requests until <paramref name="ct"/> is cancelled.
    /// </summary>
    public async Task StopAsync(CancellationToken ct)
    {
        // The socket file goes with the listening socket, not later: by then it may be a new instance's.
        await CloseListenersAsync();
        await app.StopAsync(ct);
    }

    public async ValueTask DisposeAsync() => await app.DisposeAsync();

    private static IPAddress ResolveHost(ListenerOptions options)
    {
        if (IPAddress.TryParse(options.Host.Trim('[', ']'), out var address))
        {
            return address;
        }

        try
        {
            return Dns.GetHostAddresses(options.Host).FirstOrDefault()
                ?? throw new HostingException($"serve.{options.Name}.host: '{options.Host}' resolves to no address.");
        }
        catch (System.Net.Sockets.SocketException e)
        {
            throw new HostingException($"serve.{options.Name}.host: cannot resolve '{options.Host}': {e.Message}", e);
        }
    }

    private static void RemoveStaleSocket(string path)
    {
        if (File.Exists(path))
        {
            File.Delete(path);
        }
    }
}

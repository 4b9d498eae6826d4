using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Tessera.Platform.Hosting;
using Tessera.Platform.Outbound;
using Tessera.Platform.Services;
using Tessera.Proxy.Decisions;
using Tessera.Proxy.ExtAuthz;
using Tessera.Proxy.Forwarding;
using Tessera.Proxy.Http;
using Tessera.Proxy.Pipeline;
using Tessera.Proxy.Pipeline.Credentials;
using Tessera.Proxy.Rules;
using Tessera.Proxy.Rules.Repositories;

namespace Tessera.Proxy;

/// <summary>
/// The started proxy service: the access rules of <c>access_rules.repositories</c> (read at start,
/// then kept current as their sources change) and the endpoints of the api listener. The proxy
/// listener judges and forwards every request; the api listener also answers /decisions; the optional
/// ext_authz listener answers Envoy's gRPC Authorization/Check with the same judge.
/// </summary>
internal sealed class ProxyRuntime : IServiceInstance, IDisposable
{
    private readonly UpstreamClient upstream;
    private readonly AccessJudge judge;
    private readonly ProxyEndpoint proxy;

    private ProxyRuntime(ServiceContext context, OutboundHttpClient outbound, RuleRepository rules, PipelineCatalog pipelines, KeySetResolver keySets, ILogger logger)
    {
        var sql = rules.Sources.OfType<SqlRuleSource>().ToList();
        RuleAdmin = sql.Count == 0 ? null : new RuleAdministration(sql[0].Store, sql, rules.Strategy, context.Time);
        Context = context;
        KeySets = keySets;
        Outbound = outbound;
        Rules = rules;
        Pipelines = pipelines;
        judge = new AccessJudge(pipelines, logger);
        upstream = new UpstreamClient(context.Config.GetDuration("serve.proxy.timeout.write") is { } write && write > TimeSpan.Zero ? write : TimeSpan.FromSeconds(120));
        proxy = new ProxyEndpoint(judge, upstream, context.Config.GetBool("serve.proxy.trust_forwarded_headers") == true, logger);
    }

    public ServiceContext Context { get; }

    /// <summary>The service's one client for URLs it is given (http(s) rule repositories; later the pipeline's remote calls).</summary>
    public OutboundHttpClient Outbound { get; }

    /// <summary>The JSON Web Key sets of the jwt authenticator and the id_token mutator.</summary>
    public KeySetResolver KeySets { get; }

    /// <summary>The rules in force and their sources.</summary>
    public RuleRepository Rules { get; }

    /// <summary>The rules admin API's operations on the first SQL repository; null when none is configured.</summary>
    public RuleAdministration? RuleAdmin { get; }

    /// <summary>The rules in force with their handler pipelines.</summary>
    public PipelineCatalog Pipelines { get; }

    public IReadOnlyList<ReadinessCheck> ReadinessChecks =>
    [
        new ReadinessCheck("rules", _ => Task.FromResult(Rules.NotReadyReason() is null)) { Reason = Rules.NotReadyReason },
    ];

    public static async Task<IServiceInstance> StartAsync(ServiceContext context, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(context);
        var logger = context.Loggers.CreateLogger("Tessera.proxy");
        var outbound = context.Outbound.CreateClient(new OutboundOptions(), logger);
        RuleRepository? rules = null;
        try
        {
            var keySets = KeySetResolver.FromConfig(context.Config, outbound, context.Time, logger);
            var registry = HandlerRegistry.FromConfig(context.Config, new PipelineServices(outbound, context.Time, logger) { KeySets = keySets });
            rules = new RuleRepository(RuleSources.FromConfig(context.Config, outbound, context.Time, logger, context.Loggers), RuleSources.Strategy(context.Config), logger);
            var pipelines = new PipelineCatalog(rules, registry, logger);
            await rules.StartAsync(ct);
            return new ProxyRuntime(context, outbound, rules, pipelines, keySets, logger);
        }
        catch
        {
            rules?.Dispose();
            outbound.Dispose();
            throw;
        }
    }

    public void MapEndpoints(string listener, IEndpointRouteBuilder routes)
    {
        if (listener == ListenerNames.Api)
        {
            RuleEndpoints.Map(routes, Rules);
            if (RuleAdmin is not null)
            {
                RuleAdminEndpoints.Map(routes, RuleAdmin);
            }

            DecisionEndpoints.Map(routes, judge);
            CredentialEndpoints.Map(routes, Pipelines, KeySets, GlobalIdTokenKeySet());
        }
        else if (listener == ListenerNames.Proxy)
        {
            proxy.Map(routes);
        }
        else if (listener == ExtAuthzCheck.Listener)
        {
            ExtAuthzEndpoints.Map(routes);
        }
    }

    public void ConfigureServices(string listener, IServiceCollection services)
    {
        if (listener == ExtAuthzCheck.Listener)
        {
            ExtAuthzEndpoints.ConfigureServices(services, new ExtAuthzCheck(judge));
        }
    }

    public ErrorWriter? ErrorWriter(string listener) => null;

    /// <summary>The enabled id_token mutator's global <c>jwks_url</c> (its keys are published even when no rule uses it, as Oathkeeper does).</summary>
    private string? GlobalIdTokenKeySet()
        => Pipelines.Registry.IsEnabled(HandlerKind.Mutator, "id_token") && Context.Config.Get("mutators.id_token.config.jwks_url") is JsonValue value
            && value.TryGetValue<string>(out var url) ? KeySetUrl.Normalize(url) : null;

    public void Dispose()
    {
        Rules.Dispose();
        upstream.Dispose();
        Outbound.Dispose();
    }
}

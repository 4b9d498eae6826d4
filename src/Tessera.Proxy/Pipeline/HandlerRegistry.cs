using System.Text.Json.Nodes;
using Tessera.Platform.Configuration;
using Tessera.Platform.Services;

namespace Tessera.Proxy.Pipeline;

/// <summary>
/// The handlers as configured: which are enabled (<c>&lt;section&gt;.&lt;name&gt;.enabled</c>) and their global
/// <c>config</c>. At start every enabled handler is built once from its global config, so a missing or wrong
/// setting refuses to start naming the key; per rule, <see cref="Build{T}"/> merges the rule's config over the
/// global one (<see cref="JsonMerge"/>) and builds the rule's handler, or says why it cannot (Oathkeeper's
/// reasons: unknown, disabled, misconfigured).
/// </summary>
internal sealed class HandlerRegistry
{
    private readonly ConfigSnapshot config;

    private HandlerRegistry(ConfigSnapshot config, PipelineServices services, IReadOnlyList<string> fallback)
    {
        this.config = config;
        Services = services;
        Fallback = fallback;
    }

    public PipelineServices Services { get; }

    /// <summary><c>errors.fallback</c> (default <c>[json]</c>).</summary>
    public IReadOnlyList<string> Fallback { get; }

    /// <summary>Reads the sections and checks every enabled handler; <see cref="StartupException"/> lists every problem.</summary>
    public static HandlerRegistry FromConfig(ConfigSnapshot config, PipelineServices services)
    {
        ArgumentNullException.ThrowIfNull(config);
        var fallback = config.Get("errors.fallback") is JsonArray ? config.GetStrings("errors.fallback") : ["json"];
        var registry = new HandlerRegistry(config, services, fallback);
        var problems = new List<string>();
        registry.Check(HandlerKind.Authenticator, HandlerCatalog.Authenticators, problems);
        registry.Check(HandlerKind.Authorizer, HandlerCatalog.Authorizers, problems);
        registry.Check(HandlerKind.Mutator, HandlerCatalog.Mutators, problems);
        registry.Check(HandlerKind.ErrorHandler, HandlerCatalog.ErrorHandlers, problems);
        return problems.Count > 0 ? throw new StartupException("proxy: " + string.Join("; ", problems)) : registry;
    }

    public bool IsEnabled(HandlerKind kind, string name) => config.GetBool($"{kind.Section()}.{name}.enabled") == true;

    /// <summary>The handler for one rule step, or the error every request reaching that step gets.</summary>
    public Built<T> Build<T>(HandlerKind kind, IReadOnlyList<HandlerFactory<T>> factories, string name, JsonNode? ruleConfig, string where, string ruleId)
        where T : class
    {
        var factory = factories.FirstOrDefault(f => f.Name == name);
        if (factory is null)
        {
            var known = string.Join(", ", factories.Select(f => f.Name));
            return new(null, PipelineError.Plain("requested pipeline handler does not exist"),
                $"{where}: \"{name}\" is not a supported {kind.Singular()} (supported: {known})");
        }

        if (!IsEnabled(kind, name))
        {
            var reason = $"{char.ToUpperInvariant(kind.Singular()[0])}{kind.Singular()[1..]} \"{name}\" is disabled per configuration.";
            return new(null, PipelineError.Misconfigured(kind, reason), $"{where}: {reason}");
        }

        if (ruleConfig is not null and not JsonObject)
        {
            var reason = $"Configuration for {kind.Singular()} \"{name}\" could not be validated: {where}.config must be an object";
            return new(null, PipelineError.Misconfigured(kind, reason), reason);
        }

        try
        {
            var merged = JsonMerge.Merge(config.Get($"{kind.Section()}.{name}.config"), ruleConfig);
            return new(factory.Create(new HandlerConfig(merged, where + ".config", ruleId, Services)), null, null);
        }
        catch (HandlerConfigException e)
        {
            var reason = $"Configuration for {kind.Singular()} \"{name}\" could not be validated: {e.Message}";
            return new(null, PipelineError.Misconfigured(kind, reason), reason);
        }
    }

    private void Check<T>(HandlerKind kind, IReadOnlyList<HandlerFactory<T>> factories, List<string> problems)
        where T : class
    {
        if (config.Get(kind.Section()) is not JsonObject section)
        {
            return;
        }

        foreach (var (name, _) in section)
        {
            if (!IsEnabled(kind, name))
            {
                continue;
            }

            var key = $"{kind.Section()}.{name}";
            if (HandlerCatalog.Refused.TryGetValue((kind, name), out var why))
            {
                problems.Add($"{key} {why}");
            }
            else if (HandlerCatalog.Pending[kind].Contains(name))
            {
                problems.Add($"{key} is not available in this version of Tessera yet; disable it");
            }
            else if (factories.FirstOrDefault(f => f.Name == name) is { } factory)
            {
                try
                {
                    factory.Create(new HandlerConfig(config.Get(key + ".config") as JsonObject ?? [], key + ".config", "", Services));
                }
                catch (HandlerConfigException e)
                {
                    problems.Add(e.Message);
                }
            }
            else
            {
                problems.Add($"{key} is not a known {kind.Singular()}");
            }
        }
    }
}

/// <summary>A built rule step: the handler, or the error requests get and the problem to log.</summary>
internal readonly record struct Built<T>(T? Handler, PipelineError? Error, string? Problem)
    where T : class;

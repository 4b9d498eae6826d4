namespace Tessera.Proxy.Pipeline;

/// <summary>
/// A handler by name: <see cref="Create"/> reads an effective config (throwing <see cref="HandlerConfigException"/>
/// naming the key), compiles what it can (templates, URLs) and returns the handler for one rule. Adding a
/// handler is one such factory in <see cref="HandlerCatalog"/>.
/// </summary>
internal sealed record HandlerFactory<T>(string Name, Func<HandlerConfig, T> Create)
    where T : class;

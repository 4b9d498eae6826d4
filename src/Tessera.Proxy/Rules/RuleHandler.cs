using System.Text.Json.Nodes;

namespace Tessera.Proxy.Rules;

/// <summary>One pipeline step of a rule (<c>{handler, config}</c>): an authenticator, the authorizer, a mutator or an error handler. The config is kept as given; the pipeline reads it.</summary>
internal sealed record RuleHandler(string Handler, JsonNode? Config);

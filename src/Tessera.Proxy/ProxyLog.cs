using Microsoft.Extensions.Logging;

namespace Tessera.Proxy;

/// <summary>The proxy service's log lines (event ids 6000–6999).</summary>
internal static partial class ProxyLog
{
    [LoggerMessage(6000, LogLevel.Information, "Access rules loaded from {Source}: {Count} rule(s)", EventName = "RulesLoaded")]
    public static partial void RulesLoaded(ILogger logger, string source, int count);

    [LoggerMessage(6001, LogLevel.Error, "Access rules from {Source} cannot be used; the last good rules of that source stay in force. {Problem}", EventName = "RulesBroken")]
    public static partial void RulesBroken(ILogger logger, string source, string problem);

    [LoggerMessage(6002, LogLevel.Information, "Access rules in force: {Count} rule(s) from {Sources} source(s)", EventName = "RulesApplied")]
    public static partial void RulesApplied(ILogger logger, int count, int sources);

    [LoggerMessage(6003, LogLevel.Error, "A request to {Method} {Url} matches more than one access rule: {RuleIds}", EventName = "AmbiguousRules")]
    public static partial void AmbiguousRules(ILogger logger, string method, string url, string ruleIds);
}

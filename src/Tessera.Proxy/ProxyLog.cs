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

    [LoggerMessage(6004, LogLevel.Error, "A rule uses a malformed configuration and all URLs matching rule {RuleId} will not work: {Problem}", EventName = "InvalidRule")]
    public static partial void InvalidRule(ILogger logger, string ruleId, string problem);

    [LoggerMessage(6005, LogLevel.Warning, "Access request denied: {Method} {Url} (rule {RuleId}): {Status} {Reason}", EventName = "AccessDenied")]
    public static partial void AccessDenied(ILogger logger, string method, string url, string ruleId, int status, string reason);

    [LoggerMessage(6006, LogLevel.Warning, "The {Kind} of rule {RuleId} failed", EventName = "HandlerFailed")]
    public static partial void HandlerFailed(ILogger logger, string kind, string ruleId, Exception error);

    [LoggerMessage(6007, LogLevel.Warning, "Forwarding {Method} {Url} to {Upstream} failed: {Error}", EventName = "UpstreamFailed")]
    public static partial void UpstreamFailed(ILogger logger, string method, string url, string upstream, string error);

    [LoggerMessage(6020, LogLevel.Error, "The JSON Web Key Set at {Url} cannot be used: {Problem}", EventName = "KeySetUnavailable")]
    public static partial void KeySetUnavailable(ILogger logger, string url, string problem);
}

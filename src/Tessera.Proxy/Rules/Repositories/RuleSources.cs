using Microsoft.Extensions.Logging;
using Tessera.Platform.Configuration;
using Tessera.Platform.Outbound;
using Tessera.Platform.Services;

namespace Tessera.Proxy.Rules.Repositories;

/// <summary>
/// Makes the sources of <c>access_rules.repositories</c>: <c>file://</c> or a path, <c>inline://</c>,
/// <c>http(s)://</c>. Object storage (<c>s3://</c>, <c>gs://</c>, <c>azblob://</c>) and unknown schemes
/// are refused at start with the key that names them.
/// </summary>
internal static class RuleSources
{
    public const string RepositoriesKey = "access_rules.repositories";

    public static IReadOnlyList<RuleSource> FromConfig(ConfigSnapshot config, OutboundHttpClient client, TimeProvider time, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(config);
        var strategy = Strategy(config);
        var refresh = config.GetDuration("access_rules.refresh_interval") ?? TimeSpan.FromMinutes(1);
        var sources = new List<RuleSource>();
        var urls = config.GetStrings(RepositoriesKey);
        for (var i = 0; i < urls.Count; i++)
        {
            var url = urls[i];
            var key = $"{RepositoriesKey}[{i}]";
            var scheme = url.IndexOf("://", StringComparison.Ordinal) is var end and > 0 ? url[..end].ToLowerInvariant() : "";
            sources.Add(scheme switch
            {
                "file" => new FileRuleSource($"{key} ({url})", FilePath(url, key), strategy, logger),
                "" => new FileRuleSource($"{key} ({url})", url, strategy, logger),
                "inline" => new InlineRuleSource($"{key} (inline)", url, strategy, logger),
                "http" or "https" => new HttpRuleSource($"{key} ({Redacted(url)})", url, client, refresh, time, strategy, logger),
                "s3" or "gs" or "azblob" => throw new StartupException(
                    $"proxy: {key} is {scheme}:// (object storage), which this server does not read. Serve the rules over https:// or from a file:// path."),
                _ => throw new StartupException($"proxy: {key} uses the unknown scheme {scheme}://; use file://, inline:// or http(s)://."),
            });
        }

        return sources;
    }

    public static MatchingStrategy Strategy(ConfigSnapshot config)
        => config.GetString("access_rules.matching_strategy") == "glob" ? MatchingStrategy.Glob : MatchingStrategy.Regexp;

    /// <summary>The path of a <c>file://</c> URL: <c>file:///abs/path</c>, or Oathkeeper's relative <c>file://rel/path</c>.</summary>
    private static string FilePath(string url, string key)
    {
        var rest = Uri.UnescapeDataString(url["file://".Length..]);
        return rest.Length > 0 ? rest : throw new StartupException($"proxy: {key} names no file.");
    }

    /// <summary>The URL without user information, which may hold a password.</summary>
    private static string Redacted(string url)
        => Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.UserInfo.Length > 0
            ? new UriBuilder(uri) { UserName = "", Password = "" }.Uri.ToString()
            : url;
}

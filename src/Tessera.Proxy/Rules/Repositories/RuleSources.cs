using Microsoft.Extensions.Logging;
using Tessera.Platform.Configuration;
using Tessera.Platform.Outbound;
using Tessera.Platform.Persistence;
using Tessera.Platform.Services;

namespace Tessera.Proxy.Rules.Repositories;

/// <summary>
/// Makes the sources of <c>access_rules.repositories</c>: <c>file://</c> or a path, <c>inline://</c>,
/// <c>http(s)://</c>, and the SQL DSNs (<c>postgres://</c>, <c>mysql://</c>, <c>cockroach://</c>,
/// <c>sqlite://</c>, with the platform's aliases of those schemes). Object storage (<c>s3://</c>, <c>gs://</c>, <c>azblob://</c>) and unknown schemes
/// are refused at start with the key that names them.
/// </summary>
internal static class RuleSources
{
    public const string RepositoriesKey = "access_rules.repositories";

    /// <summary>How often http(s) and SQL sources are read again when <c>access_rules.refresh_interval</c> is not set.</summary>
    public static readonly TimeSpan DefaultRefresh = TimeSpan.FromSeconds(30);

    public static IReadOnlyList<RuleSource> FromConfig(ConfigSnapshot config, OutboundHttpClient client, TimeProvider time, ILogger logger, ILoggerFactory? loggers = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        var strategy = Strategy(config);
        var refresh = config.GetDuration("access_rules.refresh_interval") ?? DefaultRefresh;
        var sources = new List<RuleSource>();
        try
        {
            Add(sources, config, client, time, logger, loggers, strategy, refresh);
        }
        catch
        {
            // A refused entry after a SQL one: close the databases already opened.
            foreach (var source in sources)
            {
                source.Dispose();
            }

            throw;
        }

        return sources;
    }

    private static void Add(List<RuleSource> sources, ConfigSnapshot config, OutboundHttpClient client, TimeProvider time, ILogger logger, ILoggerFactory? loggers, MatchingStrategy strategy, TimeSpan refresh)
    {
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
                "postgres" or "postgresql" or "cockroach" or "cockroachdb" or "crdb" or "mysql" or "sqlite" or "sqlite3" => Sql(key, url, refresh, time, strategy, logger, loggers),
                "s3" or "gs" or "azblob" => throw new StartupException(
                    $"proxy: {key} is {scheme}:// (object storage), which this server does not read. Serve the rules over https:// or from a file:// path."),
                _ => throw new StartupException($"proxy: {key} uses the unknown scheme {scheme}://; use file://, inline://, http(s)://, postgres://, mysql://, cockroach:// or sqlite://."),
            });
        }
    }

    public static MatchingStrategy Strategy(ConfigSnapshot config)
        => config.GetString("access_rules.matching_strategy") == "glob" ? MatchingStrategy.Glob : MatchingStrategy.Regexp;

    /// <summary>A SQL repository on its own connection pool; a DSN that does not parse refuses to start, naming the key.</summary>
    private static SqlRuleSource Sql(string key, string url, TimeSpan refresh, TimeProvider time, MatchingStrategy strategy, ILogger logger, ILoggerFactory? loggers)
    {
        Dsn dsn;
        try
        {
            dsn = Dsn.Parse(url);
        }
        catch (DsnException e)
        {
            throw new StartupException($"proxy: {key} is not a usable DSN: {e.Message}");
        }

        return new SqlRuleSource($"{key} ({dsn.Redacted})", Database.Open(dsn, loggers, time), refresh, time, strategy, logger);
    }

    /// <summary>The path of a <c>file://</c> URL (the platform's reading: <c>file:///abs/path</c>, Oathkeeper's relative <c>file://rel/path</c>).</summary>
    private static string FilePath(string url, string key)
    {
        try
        {
            return LocalUrl.FilePath(url);
        }
        catch (FormatException)
        {
            throw new StartupException($"proxy: {key} names no file.");
        }
    }

    /// <summary>The URL without user information, which may hold a password.</summary>
    private static string Redacted(string url)
        => Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.UserInfo.Length > 0
            ? new UriBuilder(uri) { UserName = "", Password = "" }.Uri.ToString()
            : url;
}

namespace Tessera.Proxy.Rules;

/// <summary>Compiles a <c>match.url</c> with the configured strategy.</summary>
internal static class UrlPattern
{
    public static IUrlPattern Compile(MatchingStrategy strategy, string pattern) => strategy switch
    {
        MatchingStrategy.Glob => GlobUrlPattern.Compile(pattern),
        _ => RegexpUrlPattern.Compile(pattern),
    };
}

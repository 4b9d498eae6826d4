using System.Reflection;

namespace Tessera.Platform.Observability;

/// <summary>The build's version, as served at <c>/version</c> and printed by <c>tessera version</c>.</summary>
public sealed record VersionInfo(string Version, string Commit, string BuildTime)
{
    public static VersionInfo Current { get; } = Read();

    private static VersionInfo Read()
    {
        var assembly = typeof(VersionInfo).Assembly;
        var informational = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";
        // SourceLink appends "+<commit>" to the informational version.
        var plus = informational.IndexOf('+', StringComparison.Ordinal);
        var version = plus < 0 ? informational : informational[..plus];
        var commit = plus < 0 ? "unknown" : informational[(plus + 1)..];
        var buildTime = assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "BuildTime")?.Value ?? "unknown";
        return new VersionInfo(version, commit, buildTime);
    }
}

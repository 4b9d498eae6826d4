namespace Tessera.Platform.Configuration;

/// <summary>
/// Where a service's configuration comes from, lowest precedence first after the schema's defaults:
/// files (later ones win), environment variables, then overrides from command-line flags.
/// </summary>
public sealed record ConfigSources
{
    public IReadOnlyList<string> Files { get; init; } = [];

    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>Dotted key path to value, from flags such as <c>--dev</c>; typed by the schema like env values.</summary>
    public IReadOnlyDictionary<string, string> Overrides { get; init; } = new Dictionary<string, string>();

    /// <summary>When several services share a process: only variables with this prefix count (e.g. <c>OAUTH2_</c>), prefix removed.</summary>
    public string? EnvPrefix { get; init; }

    /// <summary>When several services share a file: only this top-level section of each file counts (e.g. <c>oauth2</c>).</summary>
    public string? FileSection { get; init; }

    /// <summary>The process's environment variables.</summary>
    public static IReadOnlyDictionary<string, string> ProcessEnvironment()
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (System.Collections.DictionaryEntry entry in System.Environment.GetEnvironmentVariables())
        {
            if (entry.Key is string key && entry.Value is string value)
            {
                result[key] = value;
            }
        }

        return result;
    }
}

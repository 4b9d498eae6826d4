namespace Tessera.Platform.Configuration;

/// <summary>The merged configuration breaks its schema; the message lists every error, one per line.</summary>
public sealed class ConfigValidationException : ConfigException
{
    public ConfigValidationException(IReadOnlyList<ConfigError> errors)
        : base(Describe(errors))
    {
        Errors = errors;
    }

    public IReadOnlyList<ConfigError> Errors { get; }

    private static string Describe(IReadOnlyList<ConfigError> errors)
        => $"The configuration is invalid ({errors.Count} problem{(errors.Count == 1 ? "" : "s")}):"
           + string.Concat(errors.Select(e => Environment.NewLine + "  - " + e));
}

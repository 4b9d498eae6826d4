namespace Tessera.Platform.Configuration;

/// <summary>
/// One broken rule: the dotted key path, the value as JSON (or <c>[redacted]</c> for secrets), the
/// rule it breaks, and where the value came from.
/// </summary>
public sealed record ConfigError(string KeyPath, string RenderedValue, string Rule, string Source)
{
    public override string ToString()
        => $"{(KeyPath.Length == 0 ? "(root)" : KeyPath)}: {Rule} (value {RenderedValue}, from {Source})";
}

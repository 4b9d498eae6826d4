namespace Tessera.Platform.Configuration;

/// <summary>The configuration cannot be read: a missing file, YAML that does not parse, a bad schema.</summary>
public class ConfigException : Exception
{
    public ConfigException(string message)
        : base(message)
    {
    }

    public ConfigException(string message, Exception inner)
        : base(message, inner)
    {
    }
}

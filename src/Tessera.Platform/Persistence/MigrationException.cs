namespace Tessera.Platform.Persistence;

/// <summary>A migration script failed; the inner exception is the database's error.</summary>
public sealed class MigrationException : Exception
{
    public MigrationException(string component, MigrationScript script, Exception inner)
        : base($"Migration {component} {script.Version} {script.Name} ({script.Folder}) failed: {inner.Message}", inner)
    {
        Component = component;
        Version = script.Version;
    }

    public string Component { get; }

    public long Version { get; }
}

namespace Tessera.Platform.Persistence;

/// <summary>One migration file: <c>Migrations/&lt;folder&gt;/NNNN_name.sql</c>.</summary>
/// <param name="Folder">The dialect folder it came from: sqlite, postgres, mysql or cockroach.</param>
public sealed record MigrationScript(string Folder, long Version, string Name, string Sql);

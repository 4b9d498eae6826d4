namespace Tessera.Platform.Persistence;

/// <summary>One migration of a component and whether, and when, it was applied.</summary>
public sealed record MigrationStatus(string Component, long Version, string Name, bool Applied, DateTimeOffset? AppliedAt);

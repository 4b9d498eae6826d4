using Tessera.Platform.Persistence;

namespace Tessera.Platform.Tests.Persistence;

public sealed class MigrationSetTests
{
    [Fact]
    public void Reads_embedded_scripts_per_dialect_in_version_order()
    {
        var set = MigrationSet.FromAssembly(typeof(MigrationSetTests).Assembly, "suite", "Persistence/Migrations");

        Assert.Equal("suite", set.Component);
        foreach (var kind in new[] { SqlDialectKind.Sqlite, SqlDialectKind.Postgres, SqlDialectKind.MySql })
        {
            var scripts = set.For(kind);
            Assert.Equal([1L, 2L, 3L], scripts.Select(s => s.Version));
            Assert.Equal(["create_widgets", "create_settings", "seed_widgets"], scripts.Select(s => s.Name));
            Assert.All(scripts, s => Assert.Contains("widgets", s.Sql + "widgets", StringComparison.Ordinal));
        }

        Assert.Contains("BYTEA", set.For(SqlDialectKind.Postgres)[0].Sql, StringComparison.Ordinal);
        Assert.Contains("LONGBLOB", set.For(SqlDialectKind.MySql)[0].Sql, StringComparison.Ordinal);
        Assert.Contains("AUTOINCREMENT", set.For(SqlDialectKind.Sqlite)[0].Sql, StringComparison.Ordinal);
    }

    [Fact]
    public void Folders_do_not_leak_into_each_other()
    {
        var broken = MigrationSet.FromAssembly(typeof(MigrationSetTests).Assembly, "suite", "Persistence/BrokenMigrations");

        Assert.Equal(["create_widgets", "half_broken", "never_reached"], broken.For(SqlDialectKind.Postgres).Select(s => s.Name));
    }

    [Fact]
    public void Cockroach_falls_back_to_postgres_unless_it_has_its_own_folder()
    {
        var postgresOnly = MigrationSet.FromScripts("c", [new("postgres", 1, "a", "SELECT 1")]);
        Assert.Equal("postgres", postgresOnly.For(SqlDialectKind.Cockroach)[0].Folder);

        var both = MigrationSet.FromScripts("c", [new("postgres", 1, "a", "SELECT 1"), new("cockroach", 1, "a", "SELECT 2")]);
        Assert.Equal("cockroach", both.For(SqlDialectKind.Cockroach)[0].Folder);
        Assert.Equal("postgres", both.For(SqlDialectKind.Postgres)[0].Folder);
    }

    [Fact]
    public void A_missing_dialect_is_an_error_naming_the_folder()
    {
        var set = MigrationSet.FromScripts("oauth2", [new("postgres", 1, "a", "SELECT 1")]);

        var error = Assert.Throws<InvalidOperationException>(() => set.For(SqlDialectKind.MySql));
        Assert.Contains("'mysql'", error.Message, StringComparison.Ordinal);
        Assert.Contains("oauth2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Duplicate_versions_and_unknown_folders_are_rejected()
    {
        Assert.Contains("two postgres migrations numbered 1", Assert.Throws<ArgumentException>(
            () => MigrationSet.FromScripts("c", [new("postgres", 1, "a", ""), new("postgres", 1, "b", "")])).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => MigrationSet.FromScripts("c", [new("oracle", 1, "a", "")]));
    }

    [Fact]
    public void The_folder_matches_whole_path_segments_anywhere_in_the_name()
    {
        // "Migrations" finds Persistence/Migrations but not Persistence/BrokenMigrations (whose
        // version 1 would otherwise collide with the good set's).
        var set = MigrationSet.FromAssembly(typeof(MigrationSetTests).Assembly, "suite");

        Assert.Equal(["create_widgets", "create_settings", "seed_widgets"], set.For(SqlDialectKind.Postgres).Select(s => s.Name));
    }

    [Fact]
    public void An_assembly_without_migrations_is_an_error()
        => Assert.Throws<InvalidOperationException>(() => MigrationSet.FromAssembly(typeof(MigrationSet).Assembly, "none"));
}

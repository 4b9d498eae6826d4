using System.CommandLine;

namespace Tessera.Commands;

/// <summary><c>tessera migrate</c>: schema changes, run once per release before serving.</summary>
internal static class MigrateCommand
{
    public static Command Create()
    {
        var command = new Command("migrate", "Apply or inspect database schema migrations. Run once per release, before `serve`.");
        command.Subcommands.Add(MigrateSqlCommand.Create());
        command.Subcommands.Add(MigrateStatusCommand.Create());
        return command;
    }
}

using System.CommandLine;
using Tessera.Platform.Persistence;

namespace Tessera.Commands;

/// <summary><c>tessera migrate status [DSN] [-e]</c>: lists applied and pending migrations; exit 0 when up to date.</summary>
internal static class MigrateStatusCommand
{
    public const int PendingExitCode = 3;

    public static Command Create()
    {
        var target = new MigrationTarget();
        var command = new Command("status", $"List applied and pending migrations. Exits 0 when none is pending, {PendingExitCode} otherwise.");
        target.AddTo(command);
        command.SetAction((parse, ct) => target.RunAsync(parse, async (database, sets, output) =>
        {
            var all = new List<MigrationStatus>();
            foreach (var set in sets)
            {
                all.AddRange(await new Migrator(database, set).StatusAsync(ct));
            }

            await MigrationTable.WriteAsync(output, all);
            return all.All(m => m.Applied) ? 0 : PendingExitCode;
        }));
        return command;
    }
}

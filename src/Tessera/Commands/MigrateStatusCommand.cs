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
        command.SetAction(async (parse, ct) =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            var (dsn, dsnError) = target.ResolveDsn(parse);
            var (sets, setError) = target.ResolveSets(parse);
            if (dsn is null || setError is not null)
            {
                await error.WriteLineAsync($"error: {dsnError ?? setError}");
                return TesseraCli.UsageError;
            }

            try
            {
                await using var database = Database.Open(dsn);
                var all = new List<MigrationStatus>();
                foreach (var set in sets)
                {
                    all.AddRange(await new Migrator(database, set).StatusAsync(ct));
                }

                await MigrationTable.WriteAsync(output, all);
                return all.All(m => m.Applied) ? 0 : PendingExitCode;
            }
            catch (System.Data.Common.DbException e)
            {
                await error.WriteLineAsync($"error: the database at {dsn.Redacted} answered: {e.Message}");
                return 1;
            }
        });
        return command;
    }
}

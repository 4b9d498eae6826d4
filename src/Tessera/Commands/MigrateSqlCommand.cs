using System.CommandLine;
using Tessera.Platform.Persistence;

namespace Tessera.Commands;

/// <summary>
/// <c>tessera migrate sql [DSN] [-e] [--yes]</c>: applies pending migrations. Safe to run from several
/// processes at once (the migrator holds a database lock) and a no-op when nothing is pending.
/// </summary>
internal static class MigrateSqlCommand
{
    public static Command Create()
    {
        var target = new MigrationTarget();
        var yes = new Option<bool>("--yes", "-y") { Description = "Apply without asking for confirmation." };
        var command = new Command("sql", "Apply pending SQL migrations to the database.");
        target.AddTo(command);
        command.Options.Add(yes);
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
                var pending = new List<MigrationStatus>();
                foreach (var set in sets)
                {
                    pending.AddRange((await new Migrator(database, set).StatusAsync(ct)).Where(m => !m.Applied));
                }

                if (pending.Count == 0)
                {
                    await output.WriteLineAsync($"{dsn.Redacted}: all migrations are applied already.");
                    return 0;
                }

                await output.WriteLineAsync($"Pending migrations for {dsn.Redacted}:");
                await MigrationTable.WriteAsync(output, pending);
                if (!parse.GetValue(yes) && !Confirm(output))
                {
                    await error.WriteLineAsync("Nothing applied. Pass --yes to apply without a prompt.");
                    return 1;
                }

                var applied = 0;
                foreach (var set in sets)
                {
                    applied += await new Migrator(database, set).ApplyAsync(ct);
                }

                await output.WriteLineAsync($"Applied {applied} migration(s).");
                return 0;
            }
            catch (MigrationException e)
            {
                await error.WriteLineAsync($"error: {e.Message}");
                return 1;
            }
            catch (System.Data.Common.DbException e)
            {
                await error.WriteLineAsync($"error: the database at {dsn.Redacted} answered: {e.Message}");
                return 1;
            }
        });
        return command;
    }

    private static bool Confirm(TextWriter output)
    {
        output.Write("Apply these migrations? [y/N] ");
        output.Flush();
        var answer = Console.IsInputRedirected && Console.In.Peek() < 0 ? null : Console.ReadLine();
        if (answer is null)
        {
            output.WriteLine();
        }

        return answer is not null && answer.Trim().Equals("y", StringComparison.OrdinalIgnoreCase);
    }
}

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
        command.SetAction((parse, ct) => target.RunAsync(parse, async (database, sets, output) =>
        {
            var pending = new List<MigrationStatus>();
            foreach (var set in sets)
            {
                pending.AddRange((await new Migrator(database, set).StatusAsync(ct)).Where(m => !m.Applied));
            }

            if (pending.Count == 0)
            {
                await output.WriteLineAsync($"{database.Dsn.Redacted}: all migrations are applied already.");
                return 0;
            }

            await output.WriteLineAsync($"Pending migrations for {database.Dsn.Redacted}:");
            await MigrationTable.WriteAsync(output, pending);
            if (!parse.GetValue(yes) && !Confirm(output))
            {
                await parse.InvocationConfiguration.Error.WriteLineAsync("Nothing applied. Pass --yes to apply without a prompt.");
                return 1;
            }

            var applied = 0;
            foreach (var set in sets)
            {
                applied += await new Migrator(database, set).ApplyAsync(ct);
            }

            await output.WriteLineAsync($"Applied {applied} migration(s).");
            return 0;
        }));
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

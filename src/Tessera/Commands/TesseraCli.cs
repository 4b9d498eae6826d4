using System.CommandLine;

namespace Tessera.Commands;

/// <summary>Builds the command tree and runs it. Parse errors exit with 2, as POSIX tools do.</summary>
public static class TesseraCli
{
    public const int UsageError = 2;

    public static RootCommand Build()
    {
        var root = new RootCommand("Tessera: an OAuth 2.0 / OpenID Connect provider, identity service and access proxy, wire-compatible with Ory Hydra, Kratos and Oathkeeper.");
        root.Subcommands.Add(ServeCommand.Create());
        root.Subcommands.Add(MigrateCommand.Create());
        root.Subcommands.Add(VersionCommand.Create());
        root.Subcommands.Add(JanitorCommand.Create());
        foreach (var command in new[] { CreateCommand.Create(), GetCommand.Create(), ListCommand.Create(), UpdateCommand.Create(), DeleteCommand.Create(), IntrospectCommand.Create(), RevokeCommand.Create(), PerformCommand.Create() })
        {
            root.Subcommands.Add(command);
        }
        return root;
    }

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        var root = Build();
        var result = root.Parse(args);
        if (result.Errors.Count > 0)
        {
            foreach (var parseError in result.Errors)
            {
                await error.WriteLineAsync($"error: {parseError.Message}");
            }
            await error.WriteLineAsync($"Run '{CommandPath(result.CommandResult)} --help' for usage.");
            return UsageError;
        }
        // ProcessTerminationTimeout = null: System.CommandLine would otherwise exit with 143 two seconds
        // after SIGTERM; ServiceRunner owns signals and drains within serve.shutdown.timeout instead.
        return await result.InvokeAsync(new InvocationConfiguration { Output = output, Error = error, ProcessTerminationTimeout = null });
    }

    private static string CommandPath(System.CommandLine.Parsing.CommandResult command)
    {
        var names = new List<string>();
        for (var current = command; current is not null; current = current.Parent as System.CommandLine.Parsing.CommandResult)
        {
            names.Insert(0, current.Parent is null ? "tessera" : current.Command.Name);
        }
        return string.Join(' ', names);
    }
}

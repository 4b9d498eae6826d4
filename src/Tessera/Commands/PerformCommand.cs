using System.CommandLine;

namespace Tessera.Commands;

/// <summary><c>tessera perform …</c>: Perform OAuth 2.0 flows against a running server, as a client would.</summary>
internal static class PerformCommand
{
    public static Command Create()
    {
        var command = new Command("perform", "Perform OAuth 2.0 flows against a running server, as a client would.");
        command.Subcommands.Add(PerformClientCredentialsCommand.Create());
        command.Subcommands.Add(PerformAuthorizationCodeCommand.Create());
        return command;
    }
}

using System.CommandLine;

namespace Tessera.Commands;

/// <summary><c>tessera create …</c>: Create resources on a running server (OAuth 2.0 clients, JSON Web Keys).</summary>
internal static class CreateCommand
{
    public static Command Create()
    {
        var command = new Command("create", "Create resources on a running server (OAuth 2.0 clients, JSON Web Keys).");
        command.Subcommands.Add(CreateOAuth2ClientCommand.Create());
        command.Subcommands.Add(CreateJwksCommand.Create());
        return command;
    }
}

using System.CommandLine;

namespace Tessera.Commands;

/// <summary><c>tessera delete …</c>: Delete resources on a running server.</summary>
internal static class DeleteCommand
{
    public static Command Create()
    {
        var command = new Command("delete", "Delete resources on a running server.");
        command.Subcommands.Add(DeleteOAuth2ClientCommand.Create());
        command.Subcommands.Add(DeleteJwksCommand.Create());
        return command;
    }
}

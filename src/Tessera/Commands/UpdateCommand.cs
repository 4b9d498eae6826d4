using System.CommandLine;

namespace Tessera.Commands;

/// <summary><c>tessera update …</c>: Update resources on a running server.</summary>
internal static class UpdateCommand
{
    public static Command Create()
    {
        var command = new Command("update", "Update resources on a running server.");
        command.Subcommands.Add(UpdateOAuth2ClientCommand.Create());
        return command;
    }
}

using System.CommandLine;

namespace Tessera.Commands;

/// <summary><c>tessera list …</c>: List resources of a running server.</summary>
internal static class ListCommand
{
    public static Command Create()
    {
        var command = new Command("list", "List resources of a running server.");
        command.Subcommands.Add(ListOAuth2ClientsCommand.Create());
        return command;
    }
}

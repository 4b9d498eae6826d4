using System.CommandLine;

namespace Tessera.Commands;

/// <summary><c>tessera get …</c>: Show resources of a running server.</summary>
internal static class GetCommand
{
    public static Command Create()
    {
        var command = new Command("get", "Show resources of a running server.");
        command.Subcommands.Add(GetOAuth2ClientCommand.Create());
        command.Subcommands.Add(GetJwksCommand.Create());
        return command;
    }
}

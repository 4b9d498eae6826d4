using System.CommandLine;

namespace Tessera.Commands;

/// <summary><c>tessera delete …</c>: Delete resources on a running server (OAuth 2.0 clients, JSON Web Key sets, access tokens).</summary>
internal static class DeleteCommand
{
    public static Command Create()
    {
        var command = new Command("delete", "Delete resources on a running server (OAuth 2.0 clients, JSON Web Key sets, access tokens).");
        command.Subcommands.Add(DeleteOAuth2ClientCommand.Create());
        command.Subcommands.Add(DeleteJwksCommand.Create());
        command.Subcommands.Add(DeleteAccessTokensCommand.Create());
        return command;
    }
}

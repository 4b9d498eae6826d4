using System.CommandLine;

namespace Tessera.Commands;

/// <summary><c>tessera revoke …</c>: Revoke tokens (RFC 7009) at a running server.</summary>
internal static class RevokeCommand
{
    public static Command Create()
    {
        var command = new Command("revoke", "Revoke tokens (RFC 7009) at a running server.");
        command.Subcommands.Add(RevokeTokenCommand.Create());
        return command;
    }
}

using System.CommandLine;

namespace Tessera.Commands;

/// <summary><c>tessera introspect …</c>: Introspect tokens (RFC 7662) at a running server.</summary>
internal static class IntrospectCommand
{
    public static Command Create()
    {
        var command = new Command("introspect", "Introspect tokens (RFC 7662) at a running server.");
        command.Subcommands.Add(IntrospectTokenCommand.Create());
        return command;
    }
}

namespace Tessera.Cli;

/// <summary>A failure the person at the terminal can act on; its message is printed as is, after "error: ".</summary>
internal sealed class CliException(string message, int exitCode = 1) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
}

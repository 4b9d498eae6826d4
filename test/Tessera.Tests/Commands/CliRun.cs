using Tessera.Commands;

namespace Tessera.Tests.Commands;

/// <summary>Runs the CLI in-process and captures what it prints.</summary>
internal static class CliRun
{
    public static async Task<(int Code, string Out, string Err)> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await TesseraCli.RunAsync(args, output, error);
        return (code, output.ToString(), error.ToString());
    }
}

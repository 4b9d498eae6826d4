using System.CommandLine;
using Tessera.Platform.Observability;

namespace Tessera.Commands;

/// <summary><c>tessera version</c>: prints the build's version, commit and build time.</summary>
internal static class VersionCommand
{
    public static Command Create()
    {
        var command = new Command("version", "Show the build version, commit and build time.");
        command.SetAction((parse) =>
        {
            var v = VersionInfo.Current;
            var output = parse.InvocationConfiguration.Output;
            output.WriteLine($"Version:    {v.Version}");
            output.WriteLine($"Git Hash:   {v.Commit}");
            output.WriteLine($"Build Time: {v.BuildTime}");
            return 0;
        });
        return command;
    }
}

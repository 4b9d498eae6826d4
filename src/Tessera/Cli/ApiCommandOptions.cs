using System.CommandLine;
using Tessera.Commands;

namespace Tessera.Cli;

/// <summary>
/// The options every command against a running server shares (<c>--endpoint/-e</c>, <c>--format</c>)
/// and how such a command runs: a <see cref="CliException"/> becomes "error: …" on stderr and its exit code.
/// </summary>
internal sealed class ApiCommandOptions
{
    public ApiCommandOptions(ServerTarget target)
    {
        Target = target;
        Endpoint = new Option<string?>("--endpoint", "-e")
        {
            Description = $"The {target.Listener.Name} URL of the {target.Service.Name} service, e.g. {target.Example}. Default: ${target.Variable}, then ${ServerEndpoint.OryVariable}.",
        };
        Format = new Option<string?>("--format")
        {
            Description = "Output format: table (default on a terminal), json (default otherwise) or json-pretty.",
        };
        Format.AcceptOnlyFromAmong("table", "json", "json-pretty");
        SkipTlsVerify = new Option<bool>("--skip-tls-verify")
        {
            Description = "Accept any TLS certificate of the server (self-signed ones in tests). Never against a server you do not control.",
        };
    }

    public ServerTarget Target { get; }

    public Option<string?> Endpoint { get; }

    public Option<string?> Format { get; }

    public Option<bool> SkipTlsVerify { get; }

    public void AddTo(Command command)
    {
        command.Options.Add(Endpoint);
        command.Options.Add(Format);
        command.Options.Add(SkipTlsVerify);
    }

    public ApiClient Client(ParseResult parse)
    {
        var handler = new SocketsHttpHandler { AllowAutoRedirect = false };
        if (parse.GetValue(SkipTlsVerify))
        {
            handler.SslOptions.RemoteCertificateValidationCallback = (_, _, _, _) => true;
        }

        return new ApiClient(ServerEndpoint.Resolve(parse.GetValue(Endpoint), Target), handler, Target.Variable);
    }

    public CliPrinter Printer(ParseResult parse)
    {
        var output = parse.InvocationConfiguration.Output;
        var format = parse.GetValue(Format) switch
        {
            "table" => OutputFormat.Table,
            "json" => OutputFormat.Json,
            "json-pretty" => OutputFormat.JsonPretty,
            _ => ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected ? OutputFormat.Table : OutputFormat.Json,
        };
        return new CliPrinter(output, format);
    }

    /// <summary>Runs <paramref name="work"/>, reporting a <see cref="CliException"/> as a person can act on it.</summary>
    public static async Task<int> RunAsync(ParseResult parse, Func<Task<int>> work)
    {
        try
        {
            return await work();
        }
        catch (CliException e)
        {
            await parse.InvocationConfiguration.Error.WriteLineAsync($"error: {e.Message}");
            return e.ExitCode == 2 ? TesseraCli.UsageError : e.ExitCode;
        }
    }
}

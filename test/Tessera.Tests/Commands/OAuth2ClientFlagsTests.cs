using System.Text.Json.Nodes;
using Tessera.Commands;

namespace Tessera.Tests.Commands;

public sealed class OAuth2ClientFlagsTests
{
    private static (OAuth2ClientFlags Flags, System.CommandLine.ParseResult Parse) Parse(params string[] args)
    {
        var flags = new OAuth2ClientFlags();
        var command = new System.CommandLine.RootCommand();
        flags.AddTo(command);
        return (flags, command.Parse(args));
    }

    [Fact]
    public async Task Flags_map_to_hydra_client_fields()
    {
        var (flags, parse) = Parse("--name", "app", "--scope", "a,b", "--scope", "c", "--redirect-uri", "http://x/cb", "--skip-consent", "--metadata", "{\"k\":1}");
        var document = await flags.DocumentAsync(parse, TextReader.Null, CancellationToken.None);
        Assert.Equal("""{"client_name":"app","scope":"a b c","redirect_uris":["http://x/cb"],"skip_consent":true,"metadata":{"k":1}}""", document.ToJsonString());
    }

    [Fact]
    public void The_patch_sets_only_the_given_fields()
    {
        var (flags, parse) = Parse("--owner", "", "--grant-type", "client_credentials");
        Assert.Equal(
            """[{"op":"add","path":"/owner","value":""},{"op":"add","path":"/grant_types","value":["client_credentials"]}]""",
            flags.Patch(parse).ToJsonString());
    }

    [Fact]
    public async Task A_file_replaces_the_flags()
    {
        using var folder = new Testing.TempFolder();
        var file = folder.File("client.json");
        await File.WriteAllTextAsync(file, """{"client_name":"from file"}""");
        var (flags, parse) = Parse("--file", file, "--name", "ignored");
        Assert.Equal("from file", (await flags.DocumentAsync(parse, TextReader.Null, CancellationToken.None))["client_name"]!.GetValue<string>());

        var (stdinFlags, stdinParse) = Parse("--file", "-");
        var fromStdin = await stdinFlags.DocumentAsync(stdinParse, new StringReader("""{"client_name":"stdin"}"""), CancellationToken.None);
        Assert.Equal("stdin", fromStdin["client_name"]!.GetValue<string>());
    }
}

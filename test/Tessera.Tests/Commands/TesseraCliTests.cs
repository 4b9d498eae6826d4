using Tessera.Commands;

namespace Tessera.Tests.Commands;

public sealed class TesseraCliTests
{
    private static async Task<(int Code, string Out, string Err)> Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await TesseraCli.RunAsync(args, output, error);
        return (code, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task Version_prints_the_version()
    {
        var (code, output, _) = await Run("version");
        Assert.Equal(0, code);
        Assert.Contains("Version:", output);
    }

    [Fact]
    public async Task Unknown_command_exits_with_2_and_names_it()
    {
        var (code, _, error) = await Run("frobnicate");
        Assert.Equal(2, code);
        Assert.Contains("frobnicate", error);
        Assert.Contains("--help", error);
    }

    [Fact]
    public async Task Unknown_flag_exits_with_2()
    {
        var (code, _, error) = await Run("version", "--bogus");
        Assert.Equal(2, code);
        Assert.Contains("--bogus", error);
    }
}

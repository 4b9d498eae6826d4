using System.Text.Json.Nodes;
using Tessera.Cli;
using Tessera.Testing;
using static Tessera.Tests.Commands.CliRun;

namespace Tessera.Tests.Cli;

public sealed class ApiClientTests
{
    [Fact]
    public async Task Connection_refused_names_the_url_and_exits_1()
    {
        var url = $"http://127.0.0.1:{FreePort.Next()}";
        var (code, output, error) = await RunAsync("get", "oauth2-client", "some-id", "--endpoint", url);
        Assert.Equal(1, code);
        Assert.Equal("", output);
        Assert.Contains(url, error);
        Assert.Contains("connection refused", error);
        Assert.Contains("--endpoint", error);
    }

    [Fact]
    public async Task No_endpoint_at_all_is_a_usage_error()
    {
        var (code, _, error) = await RunAsync("get", "jwks", "x", "--endpoint", "");
        Assert.Equal(2, code);
        Assert.Contains("TESSERA_ADMIN_URL", error);
    }

    [Theory]
    [InlineData("{\"error\":{\"code\":404,\"status\":\"Not Found\",\"message\":\"Unable to locate the resource\",\"reason\":\"no client x\"}}", "Unable to locate the resource (no client x)")]
    [InlineData("{\"error\":\"invalid_client\",\"error_description\":\"Client authentication failed.\"}", "invalid_client: Client authentication failed.")]
    [InlineData("{\"error\":\"invalid_request\"}", "invalid_request")]
    [InlineData("", "(no body)")]
    public void Error_messages_quote_the_server(string body, string expected)
        => Assert.Equal(expected, ApiClient.ErrorMessage(body.Length == 0 ? null : JsonNode.Parse(body), body));

    [Fact]
    public void Plain_text_errors_are_quoted_and_cut()
        => Assert.Equal(new string('x', 300) + "…", ApiClient.ErrorMessage(null, new string('x', 400)));

    [Fact]
    public void Basic_credentials_are_form_encoded_first()
    {
        var header = ApiClient.Basic("my client", "p:ss");
        Assert.Equal("Basic", header.Scheme);
        Assert.Equal("my%20client:p%3Ass", System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(header.Parameter!)));
    }
}

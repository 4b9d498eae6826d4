using System.Globalization;
using System.Text.Json.Nodes;
using Tessera.Testing;

namespace Tessera.Tests.Commands;

/// <summary>
/// The 500s and empty error answers a hostile-request corpus found (issue 14, item 8), each replayed
/// over a raw socket against a running <c>tessera serve oauth2</c>: duplicate JSON members and lone
/// surrogates are 400s, a 20-digit chunk size is a 400, and a wrong method is a 405 with <c>Allow</c>,
/// all with a JSON body in the endpoint's shape. The full corpus is test/e2e/hostile-corpus.test.mjs.
/// </summary>
public sealed class HostileInputTests(OAuth2ServerFixture server) : IClassFixture<OAuth2ServerFixture>
{
    private int AdminPort => new Uri(server.AdminUrl).Port;

    private int PublicPort => new Uri(server.PublicUrl).Port;

    private static string Request(string method, string target, string body, string contentType = "application/json")
        => $"{method} {target} HTTP/1.1\r\nHost: localhost\r\nContent-Type: {contentType}\r\nContent-Length: {System.Text.Encoding.UTF8.GetByteCount(body).ToString(CultureInfo.InvariantCulture)}\r\nConnection: close\r\n\r\n{body}";

    private static int Status(string answer) => int.Parse(answer.AsSpan(9, 3), CultureInfo.InvariantCulture);

    [Theory]
    [InlineData("POST", "/admin/clients", """{"client_name":"a","client_name":"b"}""")]
    [InlineData("POST", "/admin/clients", """{"client_name":"\ud800"}""")]
    [InlineData("POST", "/admin/clients", """{"metadata":{"a":1,"\u0061":2}}""")]
    [InlineData("POST", "/admin/keys/hostile", """{"alg":"RS256","alg":"ES256","use":"sig"}""")]
    [InlineData("PUT", "/admin/keys/hostile", """{"keys":[{"kty":"oct","kty":"RSA"}]}""")]
    [InlineData("POST", "/admin/trust/grants/jwt-bearer/issuers", """{"issuer":"\udc00"}""")]
    [InlineData("POST", "/admin/oauth2/flush", """{"notAfter":"\ud800"}""")]
    public async Task Duplicate_members_and_lone_surrogates_are_400_in_ory_shape(string method, string path, string body)
    {
        var answer = await RawHttp.SendAsync(AdminPort, Request(method, path, body));
        Assert.Equal(400, Status(answer));
        var error = JsonNode.Parse(RawHttp.Body(answer))!["error"]!;
        Assert.Equal(400, error["code"]!.GetValue<int>());
        Assert.Contains("Unable to decode the request body", error["reason"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("login/accept", """{"subject":"a","subject":"b"}""")]
    [InlineData("login/reject", """{"error":"a","error":"b"}""")]
    [InlineData("consent/accept", """{"grant_scope":["openid"],"grant_scope":[]}""")]
    [InlineData("consent/reject", """{"error_description":"\ud800"}""")]
    [InlineData("device/accept", """{"user_code":"a","user_code":"b"}""")]
    public async Task Flow_answers_with_a_duplicate_member_are_400_in_hydra_flow_shape(string step, string body)
    {
        var answer = await RawHttp.SendAsync(AdminPort, Request("PUT", $"/admin/oauth2/auth/requests/{step}?challenge=nope", body));
        Assert.Equal(400, Status(answer));
        var error = JsonNode.Parse(RawHttp.Body(answer))!;
        Assert.Equal("invalid_request", error["error"]!.GetValue<string>());
        Assert.Contains("Unable to decode body", error["error_description"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_chunk_size_of_20_hex_digits_is_a_400_in_each_listener_shape()
    {
        const string Chunked = "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n11111111111111111111\r\nabc\r\n0\r\n\r\n";
        var token = await RawHttp.SendAsync(PublicPort, "POST /oauth2/token HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/x-www-form-urlencoded\r\n" + Chunked);
        Assert.Equal(400, Status(token));
        Assert.Equal("invalid_request", JsonNode.Parse(RawHttp.Body(token))!["error"]!.GetValue<string>());

        var clients = await RawHttp.SendAsync(AdminPort, "POST /admin/clients HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n" + Chunked);
        Assert.Equal(400, Status(clients));
        Assert.Equal(400, JsonNode.Parse(RawHttp.Body(clients))!["error"]!["code"]!.GetValue<int>());
    }

    [Theory]
    [InlineData(false, "GET", "/oauth2/revoke", "OPTIONS, POST")]
    [InlineData(false, "PUT", "/userinfo", "GET, OPTIONS, POST")]
    [InlineData(false, "DELETE", "/oauth2/token", "OPTIONS, POST")]
    [InlineData(false, "POST", "/.well-known/jwks.json", "GET, OPTIONS")]
    [InlineData(true, "GET", "/admin/oauth2/flush", "OPTIONS, POST")]
    [InlineData(true, "PATCH", "/admin/keys/x", "DELETE, GET, OPTIONS, POST, PUT")]
    [InlineData(true, "POST", "/version", "GET, OPTIONS")]
    public async Task A_wrong_method_is_405_with_allow_and_a_json_error(bool admin, string method, string path, string allow)
    {
        var answer = await RawHttp.SendAsync(admin ? AdminPort : PublicPort, $"{method} {path} HTTP/1.1\r\nHost: localhost\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
        Assert.Equal(405, Status(answer));
        Assert.Equal(allow, RawHttp.Header(answer, "Allow"));
        var body = JsonNode.Parse(RawHttp.Body(answer))!;
        if (admin)
        {
            Assert.Equal(405, body["error"]!["code"]!.GetValue<int>());
            Assert.Equal("Method Not Allowed", body["error"]!["status"]!.GetValue<string>());
        }
        else
        {
            Assert.Equal("invalid_request", body["error"]!.GetValue<string>());
            Assert.Contains(method, body["error_description"]!.GetValue<string>(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Options_without_cors_is_200_with_allow()
    {
        var answer = await RawHttp.SendAsync(PublicPort, "OPTIONS /oauth2/token HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
        Assert.Equal(200, Status(answer));
        Assert.Equal("OPTIONS, POST", RawHttp.Header(answer, "Allow"));
    }

    [Fact]
    public async Task Userinfo_reads_only_a_urlencoded_body_so_broken_multipart_is_not_a_500()
    {
        var answer = await RawHttp.SendAsync(PublicPort, Request("POST", "/userinfo", "--x\r\nContent-Disposition: form-data; name=\"access_token\"\r\n\r\nb", "multipart/form-data; boundary=x"));
        // No token was sent, as far as RFC 6750 goes: 401, in RFC 6749's shape.
        Assert.Equal(401, Status(answer));
        Assert.Equal("request_unauthorized", JsonNode.Parse(RawHttp.Body(answer))!["error"]!.GetValue<string>());
    }
}

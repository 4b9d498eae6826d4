using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Google.Protobuf;
using Grpc.Core;
using Microsoft.Extensions.Logging.Abstractions;
using Tessera.Proxy.ExtAuthz;
using Tessera.Proxy.ExtAuthz.Envoy;
using Tessera.Proxy.Pipeline;
using Tessera.Proxy.Tests.Http;
using AppendAction = Tessera.Proxy.ExtAuthz.Envoy.HeaderValueOption.Types.HeaderAppendAction;
using GrpcCode = Grpc.Core.StatusCode;

namespace Tessera.Proxy.Tests.ExtAuthz;

/// <summary>Envoy's Authorization/Check mapped onto the rule pipeline: the request Envoy names is judged as /decisions judges it.</summary>
public sealed class ExtAuthzCheckTests
{
    private const string Rules = """
        [
          {"id":"allow","match":{"url":"<https|http>://app.test/users/<[0-9]+>","methods":["GET","POST"]},
           "authenticators":[{"handler":"anonymous","config":{"subject":"guest"}}],"authorizer":{"handler":"allow"},
           "mutators":[{"handler":"header","config":{"headers":{"X-User":"{{ print .Subject }}","X-Id":"{{ printIndex .MatchContext.RegexpCaptureGroups 1 }}","X-Query":"{{ .MatchContext.URL.Query.Get \"q\" }}","X-Tenant":"{{ .MatchContext.Header.Get \"X-Tenant\" }}","X-Scheme":"{{ .MatchContext.URL.Scheme }}"}}}]},
          {"id":"deny","match":{"url":"http://app.test/admin","methods":["GET"]},
           "authenticators":[{"handler":"anonymous"}],"authorizer":{"handler":"deny"},"mutators":[{"handler":"noop"}]},
          {"id":"login","match":{"url":"http://app.test/private","methods":["GET"]},
           "authenticators":[{"handler":"unauthorized"}],"authorizer":{"handler":"allow"},"mutators":[{"handler":"noop"}],
           "errors":[{"handler":"redirect","config":{"when":[{"error":["unauthorized"],"request":{"header":{"accept":["text/html"]}}}]}},
                     {"handler":"www_authenticate","config":{"realm":"Tessera","when":[{"error":["unauthorized"],"request":{"header":{"accept":["application/x-basic"]}}}]}}]}
        ]
        """;

    private static Dictionary<string, string> Config()
    {
        var config = ProxyTestRuntime.Repositories(ProxyTestRuntime.Inline(Rules));
        foreach (var key in new[] { "authenticators.anonymous", "authenticators.unauthorized", "authorizers.allow", "authorizers.deny", "mutators.noop", "errors.handlers.json", "errors.handlers.www_authenticate" })
        {
            config[key + ".enabled"] = "true";
        }

        config["mutators.header.enabled"] = "true";
        config["mutators.header.config"] = """{"headers":{}}""";
        config["errors.handlers.redirect.enabled"] = "true";
        config["errors.handlers.redirect.config"] = """{"to":"https://login.test/signin","return_to_query_param":"return_to"}""";
        return config;
    }

    private static CheckRequest Check(string method, string host, string path, string scheme = "http", params (string Name, string Value)[] headers)
    {
        var http = new AttributeContext.Types.HttpRequest { Method = method, Host = host, Path = path, Scheme = scheme, Protocol = "HTTP/1.1" };
        http.Headers[":authority"] = host;
        http.Headers[":path"] = path;
        http.Headers[":method"] = method;
        foreach (var (name, value) in headers)
        {
            http.Headers[name] = value;
        }

        return new CheckRequest { Attributes = new AttributeContext { Request = new AttributeContext.Types.Request { Http = http } } };
    }

    private static async Task<(ExtAuthzCheck Check, ProxyRuntime Runtime)> StartAsync()
    {
        var runtime = await ProxyTestRuntime.StartAsync(Config());
        return (new ExtAuthzCheck(new AccessJudge(runtime.Pipelines, NullLogger.Instance)), runtime);
    }

    private static Dictionary<string, (string Value, AppendAction Action)> Headers(IEnumerable<HeaderValueOption> headers)
        => headers.ToDictionary(h => h.Header.Key, h => (h.Header.Value, h.AppendAction), StringComparer.OrdinalIgnoreCase);

    [Fact]
    public async Task A_granted_request_is_ok_with_the_mutators_headers_to_set_upstream()
    {
        var (check, runtime) = await StartAsync();
        using var _ = runtime;
        var answer = await check.CheckAsync(Check("GET", "app.test", "/users/42?q=a%20b", "https", ("x-tenant", "acme")), CancellationToken.None);

        Assert.Equal((int)GrpcCode.OK, answer.Status.Code);
        Assert.Equal(CheckResponse.HttpResponseOneofCase.OkResponse, answer.HttpResponseCase);
        var headers = Headers(answer.OkResponse.Headers);
        Assert.Equal(("guest", AppendAction.OverwriteIfExistsOrAdd), headers["X-User"]);
        Assert.Equal("42", headers["X-Id"].Value);
        Assert.Equal("a b", headers["X-Query"].Value);
        Assert.Equal("acme", headers["X-Tenant"].Value);
        Assert.Equal("https", headers["X-Scheme"].Value);
    }

    [Fact]
    public async Task The_method_is_part_of_the_match()
    {
        var (check, runtime) = await StartAsync();
        using var _ = runtime;
        var answer = await check.CheckAsync(Check("DELETE", "app.test", "/users/42"), CancellationToken.None);

        Assert.Equal(CheckResponse.HttpResponseOneofCase.DeniedResponse, answer.HttpResponseCase);
        Assert.Equal(404, (int)answer.DeniedResponse.Status.Code);
    }

    [Fact]
    public async Task A_denied_request_carries_the_error_handlers_status_headers_and_body()
    {
        var (check, runtime) = await StartAsync();
        using var _ = runtime;
        var answer = await check.CheckAsync(Check("GET", "app.test", "/admin", headers: ("x-request-id", "r1")), CancellationToken.None);

        Assert.Equal((int)GrpcCode.PermissionDenied, answer.Status.Code);
        Assert.Equal(403, (int)answer.DeniedResponse.Status.Code);
        Assert.StartsWith("application/json", Headers(answer.DeniedResponse.Headers)["Content-Type"].Value, StringComparison.Ordinal);
        var error = JsonNode.Parse(answer.DeniedResponse.Body)!["error"]!;
        Assert.Equal(403, (int)error["code"]!);
        Assert.Equal("Forbidden", (string?)error["status"]);
    }

    [Fact]
    public async Task Unauthorized_is_unauthenticated_and_the_error_handler_is_chosen_by_the_checked_requests_headers()
    {
        var (check, runtime) = await StartAsync();
        using var _ = runtime;
        var answer = await check.CheckAsync(Check("GET", "app.test", "/private", headers: ("accept", "application/x-basic")), CancellationToken.None);
        Assert.Equal((int)GrpcCode.Unauthenticated, answer.Status.Code);
        Assert.Equal(401, (int)answer.DeniedResponse.Status.Code);
        Assert.Equal("Basic realm=Tessera", Headers(answer.DeniedResponse.Headers)["WWW-Authenticate"].Value);

        answer = await check.CheckAsync(Check("GET", "app.test", "/private?x=1", headers: ("accept", "text/html")), CancellationToken.None);
        Assert.Equal(302, (int)answer.DeniedResponse.Status.Code);
        Assert.Equal("https://login.test/signin?return_to=http%3A%2F%2Fapp.test%2Fprivate%3Fx%3D1", Headers(answer.DeniedResponse.Headers)["Location"].Value);
    }

    [Fact]
    public async Task No_matching_rule_gets_the_same_404_json_as_decisions()
    {
        await using var server = await ProxyHttpServer.StartAsync(Config());
        var check = new ExtAuthzCheck(new AccessJudge(server.Runtime.Pipelines, NullLogger.Instance));
        var answer = await check.CheckAsync(Check("GET", "app.test", "/nowhere"), CancellationToken.None);

        using var request = new HttpRequestMessage(HttpMethod.Get, server.ApiUrl + "/decisions/nowhere");
        request.Headers.Host = "app.test";
        using var decision = await server.Http.SendAsync(request);
        var expected = JsonNode.Parse(await decision.Content.ReadAsStringAsync())!["error"]!.AsObject();
        expected.Remove("request");
        var actual = JsonNode.Parse(answer.DeniedResponse.Body)!["error"]!.AsObject();
        actual.Remove("request");

        Assert.Equal(HttpStatusCode.NotFound, decision.StatusCode);
        Assert.Equal(404, (int)answer.DeniedResponse.Status.Code);
        Assert.Equal((int)GrpcCode.NotFound, answer.Status.Code);
        Assert.Equal(expected.ToJsonString(), actual.ToJsonString());
    }

    [Fact]
    public async Task A_malformed_path_is_404_and_a_check_without_an_http_request_is_invalid()
    {
        var (check, runtime) = await StartAsync();
        using var _ = runtime;
        var answer = await check.CheckAsync(Check("GET", "app.test", "/users/%zz"), CancellationToken.None);
        Assert.Equal(404, (int)answer.DeniedResponse.Status.Code);

        var error = await Assert.ThrowsAsync<RpcException>(() => check.CheckAsync(new CheckRequest(), CancellationToken.None));
        Assert.Equal(GrpcCode.InvalidArgument, error.StatusCode);
    }

    [Fact]
    public void The_checked_request_takes_raw_headers_body_and_peer_address_and_leaves_pseudo_headers_out()
    {
        var check = Check("POST", "app.test", "/users/1?a=b");
        var http = check.Attributes.Request.Http;
        http.HeaderMap = new HeaderMap();
        http.HeaderMap.Headers.Add(new HeaderValue { Key = "x-raw", RawValue = ByteString.CopyFromUtf8("r1") });
        http.HeaderMap.Headers.Add(new HeaderValue { Key = "x-raw", RawValue = ByteString.CopyFromUtf8("r2") });
        http.HeaderMap.Headers.Add(new HeaderValue { Key = ":method", Value = "POST" });
        http.Body = "ignored when raw_body is set";
        http.RawBody = ByteString.CopyFromUtf8("{\"a\":1}");
        http.Id = "req-1";
        check.Attributes.Source = new AttributeContext.Types.Peer
        {
            Address = new Address { SocketAddress = new Tessera.Proxy.ExtAuthz.Envoy.SocketAddress { Address = "10.1.2.3", PortValue = 5555 } },
        };

        var context = CheckedRequest.ToHttpContext(check)!;
        Assert.Equal("POST", context.Request.Method);
        Assert.Equal("app.test", context.Request.Host.Value);
        Assert.Equal("/users/1", context.Request.Path.Value);
        Assert.Equal("?a=b", context.Request.QueryString.Value);
        Assert.Equal("r1,r2", context.Request.Headers["x-raw"].ToString());
        Assert.DoesNotContain(context.Request.Headers.Keys, k => k.StartsWith(':'));
        Assert.Equal("{\"a\":1}", new StreamReader(context.Request.Body).ReadToEnd());
        Assert.Equal(IPAddress.Parse("10.1.2.3"), context.Connection.RemoteIpAddress);
        Assert.Equal("req-1", context.TraceIdentifier);
        Assert.Equal("http://app.test/users/1?a=b", CheckedRequest.Location(check, context)!.ToString());
    }

    [Theory]
    [InlineData(401, GrpcCode.Unauthenticated)]
    [InlineData(403, GrpcCode.PermissionDenied)]
    [InlineData(302, GrpcCode.PermissionDenied)]
    [InlineData(404, GrpcCode.NotFound)]
    [InlineData(429, GrpcCode.ResourceExhausted)]
    [InlineData(500, GrpcCode.Internal)]
    public void A_refusals_grpc_code_follows_its_http_status(int status, GrpcCode code)
        => Assert.Equal(code, CheckAnswer.Code(status));

    [Fact]
    public async Task The_listener_answers_check_over_http2_cleartext_grpc()
    {
        await using var server = await ProxyHttpServer.StartAsync(Config());
        using var http = new HttpClient();
        var payload = Check("GET", "app.test", "/users/7").ToByteArray();
        var frame = new byte[5 + payload.Length];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1), (uint)payload.Length);
        payload.CopyTo(frame, 5);
        using var request = new HttpRequestMessage(HttpMethod.Post, server.ExtAuthzUrl + "/envoy.service.auth.v3.Authorization/Check") 
        {
            Content = new ByteArrayContent(frame),
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/grpc");
        request.Headers.TryAddWithoutValidation("TE", "trailers");

        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        var body = await response.Content.ReadAsByteArrayAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, System.Text.Encoding.UTF8.GetString(body));
        Assert.Equal("0", response.TrailingHeaders.GetValues("grpc-status").Single());
        var answer = CheckResponse.Parser.ParseFrom(body.AsSpan(5).ToArray());
        Assert.Equal("guest", Headers(answer.OkResponse.Headers)["X-User"].Value);

        // HTTP/1.1 is refused: the listener speaks HTTP/2 only, as gRPC needs.
        using var plain = await http.GetAsync(server.ExtAuthzUrl + "/health/alive");
        Assert.Equal(HttpStatusCode.BadRequest, plain.StatusCode);
    }

    [Fact]
    public async Task With_tls_the_listener_answers_check_over_http2_on_tls()
    {
        using var key = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);
        var certificateRequest = new System.Security.Cryptography.X509Certificates.CertificateRequest("CN=127.0.0.1", key, System.Security.Cryptography.HashAlgorithmName.SHA256);
        using var certificate = certificateRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        var config = Config();
        config["serve.ext_authz.tls.cert.base64"] = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(certificate.ExportCertificatePem()));
        config["serve.ext_authz.tls.key.base64"] = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(key.ExportPkcs8PrivateKeyPem()));
        await using var server = await ProxyHttpServer.StartAsync(config);
        using var handler = new HttpClientHandler { ServerCertificateCustomValidationCallback = (_, presented, _, _) => presented?.Thumbprint == certificate.Thumbprint };
        using var http = new HttpClient(handler);
        var payload = Check("GET", "app.test", "/admin").ToByteArray();
        var frame = new byte[5 + payload.Length];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1), (uint)payload.Length);
        payload.CopyTo(frame, 5);
        using var request = new HttpRequestMessage(HttpMethod.Post, server.ExtAuthzUrl.Replace("http://", "https://", StringComparison.Ordinal) + "/envoy.service.auth.v3.Authorization/Check")
        {
            Content = new ByteArrayContent(frame),
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/grpc");

        using var response = await http.SendAsync(request);
        var body = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(HttpVersion.Version20, response.Version);
        Assert.Equal("0", response.TrailingHeaders.GetValues("grpc-status").Single());
        Assert.Equal(403, (int)CheckResponse.Parser.ParseFrom(body.AsSpan(5).ToArray()).DeniedResponse.Status.Code);
    }
}

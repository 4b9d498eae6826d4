using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Tessera.Testing;
using Xunit.Abstractions;

namespace Tessera.Tests.Commands;

/// <summary>
/// SIGTERM to <c>tessera serve</c> under keep-alive load loses no request: 32 raw-socket clients post
/// client_credentials (or ask whoami, or call the proxy, which forwards to an upstream) in a loop, reconnect when told to
/// close, stop when a connect is refused.
/// </summary>
public sealed class ShutdownUnderLoadTests(ITestOutputHelper output) : IDisposable
{
    private const int Clients = 32;
    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    [Fact]
    public async Task Sigterm_under_token_load_on_a_sqlite_file_loses_no_request()
        => await TokenLoadThenSigtermAsync($"sqlite://{folder.File("oauth2.sqlite")}?_fk=true");

    [Fact]
    public async Task Sigterm_under_token_load_on_postgres_loses_no_request()
        => await TokenLoadThenSigtermAsync(await (await PostgresServer.GetAsync()).CreateDatabaseAsync());

    [Fact]
    public async Task Sigterm_to_serve_all_under_load_on_two_services_loses_no_request()
    {
        var oauth2Public = FreePort.Next();
        var oauth2Admin = FreePort.Next();
        var identityPublic = FreePort.Next();
        var env = new Dictionary<string, string> { ["LOG_LEVEL"] = "warn", ["OAUTH2_SECRETS_SYSTEM"] = "shutdown-test-system-secret-0123" };
        foreach (var (key, port) in new[] { ("OAUTH2_SERVE_PUBLIC", oauth2Public), ("OAUTH2_SERVE_ADMIN", oauth2Admin), ("IDENTITY_SERVE_PUBLIC", identityPublic), ("IDENTITY_SERVE_ADMIN", FreePort.Next()), ("PROXY_SERVE_PROXY", FreePort.Next()), ("PROXY_SERVE_API", FreePort.Next()) })
        {
            env[key + "_PORT"] = port.ToString(CultureInfo.InvariantCulture);
            env[key + "_HOST"] = "127.0.0.1";
        }

        await using var process = TesseraProcess.Start(["serve", "all", "--dev"], env);
        await ServeCommandTests.WaitReady(process, oauth2Admin);
        await ServeCommandTests.WaitReady(process, identityPublic);
        var tokens = KeepAliveLoad.Start(new IPEndPoint(IPAddress.Loopback, oauth2Public), Clients / 2, await TokenRequestAsync(oauth2Public, oauth2Admin));
        var health = KeepAliveLoad.Start(new IPEndPoint(IPAddress.Loopback, identityPublic), Clients / 2, Encoding.ASCII.GetBytes($"GET /health/alive HTTP/1.1\r\nHost: 127.0.0.1:{identityPublic}\r\n\r\n"));
        await SigtermUnderLoadAsync(process, tokens, health);
    }

    [Fact]
    public async Task Sigterm_to_serve_proxy_while_it_forwards_loses_no_request()
    {
        // An upstream slow enough (2 ms an answer) that requests are in flight to it when the signal comes.
        var upstreamPort = FreePort.Next();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, upstreamPort));
        await using var upstream = builder.Build();
        upstream.MapGet("/up/{*rest}", async (HttpContext context) =>
        {
            await Task.Delay(2);
            await context.Response.WriteAsync("""{"upstream":true}""");
        });
        await upstream.StartAsync();

        var proxyPort = FreePort.Next();
        var apiPort = FreePort.Next();
        var rules = new JsonArray(new JsonObject
        {
            ["id"] = "up",
            ["match"] = new JsonObject { ["url"] = "http://<.*>/up/<.*>", ["methods"] = new JsonArray("GET") },
            ["upstream"] = new JsonObject { ["url"] = $"http://127.0.0.1:{upstreamPort}" },
            ["authenticators"] = new JsonArray(new JsonObject { ["handler"] = "anonymous" }),
            ["authorizer"] = new JsonObject { ["handler"] = "allow" },
            ["mutators"] = new JsonArray(new JsonObject { ["handler"] = "noop" }),
        });
        await using var process = TesseraProcess.Start(["serve", "proxy"], new Dictionary<string, string>
        {
            ["ACCESS_RULES_REPOSITORIES"] = new JsonArray("inline://" + Convert.ToBase64String(Encoding.UTF8.GetBytes(rules.ToJsonString()))).ToJsonString(),
            ["AUTHENTICATORS_ANONYMOUS_ENABLED"] = "true",
            ["AUTHORIZERS_ALLOW_ENABLED"] = "true",
            ["MUTATORS_NOOP_ENABLED"] = "true",
            ["SERVE_PROXY_PORT"] = proxyPort.ToString(CultureInfo.InvariantCulture),
            ["SERVE_PROXY_HOST"] = "127.0.0.1",
            ["SERVE_API_PORT"] = apiPort.ToString(CultureInfo.InvariantCulture),
            ["SERVE_API_HOST"] = "127.0.0.1",
            ["LOG_LEVEL"] = "warn",
        });
        await ServeCommandTests.WaitReady(process, apiPort);
        var load = KeepAliveLoad.Start(new IPEndPoint(IPAddress.Loopback, proxyPort), Clients,
            Encoding.ASCII.GetBytes($"GET /up/item HTTP/1.1\r\nHost: 127.0.0.1:{proxyPort}\r\n\r\n"));
        await SigtermUnderLoadAsync(process, load);
    }

    [Fact]
    public async Task Sigterm_to_serve_identity_under_whoami_load_on_a_sqlite_file_loses_no_request()
    {
        var dsn = $"sqlite://{folder.File("identity.sqlite")}?_fk=true";
        var publicPort = FreePort.Next();
        var adminPort = FreePort.Next();
        const string Schema = """{"type":"object","properties":{"traits":{"type":"object","properties":{"email":{"type":"string","ory.sh/kratos":{"credentials":{"password":{"identifier":true}}}}},"required":["email"]}}}""";
        var env = new Dictionary<string, string>
        {
            ["DSN"] = dsn,
            ["IDENTITY_SCHEMAS"] = $$"""[{"id":"default","url":"base64://{{Convert.ToBase64String(Encoding.UTF8.GetBytes(Schema))}}"}]""",
            ["HASHERS_BCRYPT_COST"] = "4",
            ["SELFSERVICE_METHODS_PASSWORD_CONFIG_HAVEIBEENPWNED_ENABLED"] = "false",
            ["SERVE_PUBLIC_PORT"] = publicPort.ToString(CultureInfo.InvariantCulture),
            ["SERVE_ADMIN_PORT"] = adminPort.ToString(CultureInfo.InvariantCulture),
            ["SERVE_PUBLIC_HOST"] = "127.0.0.1",
            ["SERVE_ADMIN_HOST"] = "127.0.0.1",
            ["LOG_LEVEL"] = "warn",
        };
        var (migrated, migrateOutput) = await TesseraProcess.RunAsync(["migrate", "sql", dsn, "--service", "identity", "--yes"], env);
        Assert.True(migrated == 0, migrateOutput);
        await using var process = TesseraProcess.Start(["serve", "identity", "--dev"], env);
        await ServeCommandTests.WaitReady(process, adminPort);

        using var http = new HttpClient();
        const string Password = "a shutdown test passphrase 42";
        var created = await http.PostAsJsonAsync($"http://127.0.0.1:{adminPort}/admin/identities", new JsonObject
        {
            ["schema_id"] = "default",
            ["traits"] = new JsonObject { ["email"] = "shutdown@example.com" },
            ["credentials"] = new JsonObject { ["password"] = new JsonObject { ["config"] = new JsonObject { ["password"] = Password } } },
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var flow = (await http.GetFromJsonAsync<JsonObject>($"http://127.0.0.1:{publicPort}/self-service/login/api"))!;
        var login = await http.PostAsJsonAsync($"http://127.0.0.1:{publicPort}/self-service/login?flow={flow["id"]}", new JsonObject
        {
            ["method"] = "password",
            ["identifier"] = "shutdown@example.com",
            ["password"] = Password,
        });
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        var token = (await login.Content.ReadFromJsonAsync<JsonObject>())!["session_token"]!.GetValue<string>();

        var load = KeepAliveLoad.Start(new IPEndPoint(IPAddress.Loopback, publicPort), Clients,
            Encoding.ASCII.GetBytes($"GET /sessions/whoami HTTP/1.1\r\nHost: 127.0.0.1:{publicPort}\r\nX-Session-Token: {token}\r\n\r\n"));
        await SigtermUnderLoadAsync(process, load);
    }

    private async Task TokenLoadThenSigtermAsync(string dsn)
    {
        var publicPort = FreePort.Next();
        var adminPort = FreePort.Next();
        await using var process = TesseraProcess.Start(["serve", "oauth2", "--dev"], new Dictionary<string, string>
        {
            ["DSN"] = dsn,
            ["SECRETS_SYSTEM"] = "shutdown-test-system-secret-0123",
            ["SERVE_PUBLIC_PORT"] = publicPort.ToString(CultureInfo.InvariantCulture),
            ["SERVE_ADMIN_PORT"] = adminPort.ToString(CultureInfo.InvariantCulture),
            ["SERVE_PUBLIC_HOST"] = "127.0.0.1",
            ["SERVE_ADMIN_HOST"] = "127.0.0.1",
            ["LOG_LEVEL"] = "warn",
        });
        await ServeCommandTests.WaitReady(process, adminPort);
        var load = KeepAliveLoad.Start(new IPEndPoint(IPAddress.Loopback, publicPort), Clients, await TokenRequestAsync(publicPort, adminPort));
        await SigtermUnderLoadAsync(process, load);
    }

    /// <summary>Lets every load warm up, sends SIGTERM, and checks the drain lost nothing and served on after the signal.</summary>
    private async Task SigtermUnderLoadAsync(TesseraProcess process, params KeepAliveLoad[] loads)
    {
        var warmUp = DateTime.UtcNow.AddSeconds(30);
        while (loads.Any(l => l.Answered < 10 * Clients && l.Lost == 0) && DateTime.UtcNow < warmUp && !process.HasExited)
        {
            await Task.Delay(50);
        }

        // Then a steady load for a while, as a server sees before it is stopped.
        await Task.Delay(TimeSpan.FromSeconds(2));
        var before = loads.Select(l => l.Answered).ToList();
        foreach (var load in loads)
        {
            load.Mark();
        }

        process.Signal(15);
        var exitCode = await process.WaitForExitAsync(TimeSpan.FromSeconds(30));
        foreach (var load in loads)
        {
            await load.StopAsync(TimeSpan.FromSeconds(10));
        }

        var counts = string.Join("\n", loads.Select(l => l.Report));
        output.WriteLine(counts);
        var report = counts + "\n" + process.Output;
        Assert.True(exitCode == 0, report);
        foreach (var (load, answered) in loads.Zip(before))
        {
            Assert.True(answered > 0, "no load before the signal: " + report);
            Assert.True(load.AnsweredAfterMark > 0, "nothing answered after the signal: " + report);
            Assert.True(load.Lost == 0, report);
            Assert.True(load.OtherStatuses.Count == 0, report);
            // Each connection's next request after the signal was answered with Connection: close, and
            // the reconnect that followed was refused: the listening socket had closed first.
            Assert.True(load.ClosedByServer == load.Clients && load.Refused == load.Clients, report);
        }
    }

    /// <summary>Registers a client_credentials client and returns the raw token request that client sends.</summary>
    private static async Task<byte[]> TokenRequestAsync(int publicPort, int adminPort)
    {
        using var http = new HttpClient();
        var created = await http.PostAsJsonAsync($"http://127.0.0.1:{adminPort}/admin/clients", new JsonObject
        {
            ["grant_types"] = new JsonArray("client_credentials"),
            ["token_endpoint_auth_method"] = "client_secret_basic",
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var client = (await created.Content.ReadFromJsonAsync<JsonObject>())!;
        var basic = Convert.ToBase64String(Encoding.UTF8.GetBytes(
            Uri.EscapeDataString(client["client_id"]!.GetValue<string>()) + ":" + Uri.EscapeDataString(client["client_secret"]!.GetValue<string>())));
        const string Body = "grant_type=client_credentials";
        return Encoding.ASCII.GetBytes(
            $"POST /oauth2/token HTTP/1.1\r\nHost: 127.0.0.1:{publicPort}\r\nAuthorization: Basic {basic}\r\n" +
            $"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {Body.Length}\r\n\r\n{Body}");
    }
}

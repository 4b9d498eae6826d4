using System.Net;
using Tessera.Testing;

namespace Tessera.Tests.Commands;

public sealed class ServeCommandTests : IDisposable
{
    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    private static Dictionary<string, string> Ports(out int publicPort, out int adminPort, string prefix = "")
    {
        publicPort = FreePort.Next();
        adminPort = FreePort.Next();
        return new Dictionary<string, string>
        {
            [prefix + "SERVE_PUBLIC_PORT"] = publicPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            [prefix + "SERVE_ADMIN_PORT"] = adminPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            [prefix + "SERVE_PUBLIC_HOST"] = "127.0.0.1",
            [prefix + "SERVE_ADMIN_HOST"] = "127.0.0.1",
            [prefix + "LOG_FORMAT"] = "text",
        };
    }

    /// <summary>Waits until the process answers 200 on <c>/health/ready</c> at <paramref name="port"/>.</summary>
    /// <summary>An <c>inline://</c> repository of one rule, for a proxy that must be ready.</summary>
    private static string OneInlineRule => "inline://" + Convert.ToBase64String(
        System.Text.Encoding.UTF8.GetBytes("""[{"id":"any","match":{"url":"http://<.*>","methods":["GET"]}}]"""));

    internal static async Task WaitReady(TesseraProcess process, int port)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            Assert.False(process.HasExited, process.Output);
            try
            {
                if ((await client.GetAsync($"http://127.0.0.1:{port}/health/ready")).StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }

            await Task.Delay(50);
        }

        Assert.Fail("not ready in time: " + process.Output);
    }

    [Fact]
    public async Task Dev_mode_serves_on_memory_and_stops_cleanly_on_sigterm()
    {
        var env = Ports(out var publicPort, out var adminPort);
        await using var process = TesseraProcess.Start(["serve", "oauth2", "--dev"], env);
        await WaitReady(process, adminPort);
        using var client = new HttpClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"http://127.0.0.1:{publicPort}/health/alive")).StatusCode);
        Assert.Contains("\"version\"", await client.GetStringAsync($"http://127.0.0.1:{adminPort}/version"));
        Assert.Contains("http_requests_total", await client.GetStringAsync($"http://127.0.0.1:{adminPort}/metrics/prometheus"));

        process.Signal(15);
        Assert.Equal(0, await process.WaitForExitAsync(TimeSpan.FromSeconds(15)));
        Assert.Contains("Stopped", process.Output);
    }

    [Fact]
    public async Task Serve_all_runs_every_service_on_its_own_ports()
    {
        var env = new Dictionary<string, string>();
        var admins = new List<int>();
        foreach (var (service, listeners) in new[] { ("OAUTH2_", new[] { "PUBLIC", "ADMIN" }), ("IDENTITY_", new[] { "PUBLIC", "ADMIN" }), ("PROXY_", new[] { "PROXY", "API" }) })
        {
            foreach (var listener in listeners)
            {
                var port = FreePort.Next();
                env[$"{service}SERVE_{listener}_PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
                env[$"{service}SERVE_{listener}_HOST"] = "127.0.0.1";
                admins.Add(port);
            }
        }

        // Like Oathkeeper, the proxy is ready only once it has rules.
        env["PROXY_ACCESS_RULES_REPOSITORIES"] = OneInlineRule;
        await using var process = TesseraProcess.Start(["serve", "all", "--dev"], env);
        foreach (var port in admins)
        {
            await WaitReady(process, port);
        }

        process.Signal(15);
        Assert.Equal(0, await process.WaitForExitAsync(TimeSpan.FromSeconds(15)));
    }

    private static Dictionary<string, string> AllPorts()
    {
        var env = new Dictionary<string, string>();
        foreach (var name in new[] { "OAUTH2_SERVE_PUBLIC", "OAUTH2_SERVE_ADMIN", "IDENTITY_SERVE_PUBLIC", "IDENTITY_SERVE_ADMIN", "PROXY_SERVE_PROXY", "PROXY_SERVE_API" })
        {
            env[name + "_PORT"] = FreePort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture);
            env[name + "_HOST"] = "127.0.0.1";
        }

        return env;
    }

    [Fact]
    public async Task Serve_all_starts_its_services_together_and_reports_every_one_that_fails()
    {
        var env = AllPorts();
        env["IDENTITY_LOG_LEVEL"] = "chatty";
        env["PROXY_SERVE_API_PORT"] = "99999";
        var (code, output) = await TesseraProcess.RunAsync(["serve", "all", "--dev"], env);
        Assert.Equal(1, code);
        Assert.Contains("chatty", output);
        Assert.Contains("from env IDENTITY_LOG_LEVEL", output);
        Assert.Contains("serve.api.port: must be <= 65535 (value 99999, from env PROXY_SERVE_API_PORT)", output);
        Assert.DoesNotContain("Listening for", output);
    }

    [Fact]
    public async Task Serve_all_with_one_port_taken_exits_non_zero_naming_it()
    {
        var env = AllPorts();
        using var taken = new System.Net.Sockets.TcpListener(IPAddress.Loopback, int.Parse(env["IDENTITY_SERVE_ADMIN_PORT"], System.Globalization.CultureInfo.InvariantCulture));
        taken.Start();
        var (code, output) = await TesseraProcess.RunAsync(["serve", "all", "--dev"], env);
        Assert.Equal(1, code);
        Assert.Contains("cannot listen", output);
        Assert.Contains(env["IDENTITY_SERVE_ADMIN_PORT"], output);
    }

    [Fact]
    public async Task Oauth2_keys_exist_before_the_first_request_that_needs_them()
    {
        // Key generation runs beside the start; a request that needs keys right after ready waits for them.
        var env = Ports(out var publicPort, out var adminPort);
        await using var process = TesseraProcess.Start(["serve", "oauth2", "--dev"], env);
        await WaitReady(process, adminPort);
        using var client = new HttpClient();
        var jwks = System.Text.Json.Nodes.JsonNode.Parse(await client.GetStringAsync($"http://127.0.0.1:{publicPort}/.well-known/jwks.json"))!;
        Assert.NotEmpty(jwks["keys"]!.AsArray());
        Assert.All(jwks["keys"]!.AsArray(), key => Assert.Equal("RS256", key!["alg"]!.GetValue<string>()));
        var access = System.Text.Json.Nodes.JsonNode.Parse(await client.GetStringAsync($"http://127.0.0.1:{adminPort}/admin/keys/hydra.jwt.access-token"))!;
        Assert.Single(access["keys"]!.AsArray());
        process.Signal(15);
        Assert.Equal(0, await process.WaitForExitAsync(TimeSpan.FromSeconds(15)));
    }

    [Fact]
    public async Task Plain_http_outside_dev_is_refused_with_what_to_do()
    {
        var env = Ports(out _, out _);
        env["DSN"] = $"sqlite://{folder.File("db.sqlite")}";
        await TesseraProcess.RunAsync(["migrate", "sql", "-e", "--yes"], env);
        var (code, output) = await TesseraProcess.RunAsync(["serve", "oauth2"], env);
        Assert.Equal(1, code);
        Assert.Contains("serve.tls", output);
        Assert.Contains("--dangerous-force-http", output);
    }

    [Theory]
    [InlineData("identity", "PUBLIC", "ADMIN")]
    [InlineData("proxy", "PROXY", "API")]
    public async Task Kratos_and_oathkeeper_shapes_serve_plain_http_without_dev_as_those_products_do(string service, string first, string second)
    {
        var firstPort = FreePort.Next();
        var secondPort = FreePort.Next();
        var env = new Dictionary<string, string>
        {
            [$"SERVE_{first}_PORT"] = firstPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            [$"SERVE_{second}_PORT"] = secondPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            [$"SERVE_{first}_HOST"] = "127.0.0.1",
            [$"SERVE_{second}_HOST"] = "127.0.0.1",
        };
        if (service == "identity")
        {
            // Like Kratos, the identity service needs a database (--dev alone would use an in-memory one) and an identity schema.
            env["DSN"] = $"sqlite://{folder.File("identity.sqlite")}?_fk=true";
            var schema = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes("""{"type":"object","properties":{"traits":{"type":"object"}}}"""));
            env["IDENTITY_SCHEMAS"] = $$"""[{"id":"default","url":"base64://{{schema}}"}]""";
            Assert.Equal(0, (await TesseraProcess.RunAsync(["migrate", "sql", "-e", "--yes"], env)).ExitCode);
        }
        else
        {
            env["ACCESS_RULES_REPOSITORIES"] = OneInlineRule;
        }

        await using var process = TesseraProcess.Start(["serve", service], env);
        await WaitReady(process, firstPort);
        await WaitReady(process, secondPort);
        Assert.DoesNotContain("PLAIN HTTP", process.Output);
        process.Signal(15);
        Assert.Equal(0, await process.WaitForExitAsync(TimeSpan.FromSeconds(15)));
    }

    [Fact]
    public async Task The_shipped_kratos_config_starts_the_identity_service_unchanged()
    {
        var root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "Tessera.slnx")))
        {
            root = Path.GetDirectoryName(root) ?? throw new InvalidOperationException("no Tessera.slnx above the test binaries");
        }

        // The file's own DSN and ports are overridden from the environment, as a deployment would; its schema
        // is a relative file:// URL, read from the working directory as Kratos reads it.
        var env = Ports(out var publicPort, out var adminPort);
        env["DSN"] = $"sqlite://{folder.File("kratos.sqlite")}?_fk=true";
        Assert.Equal(0, (await TesseraProcess.RunAsync(["migrate", "sql", "-e", "--yes", "--service", "identity"], env)).ExitCode);
        await using var process = TesseraProcess.Start(["serve", "identity", "-c", "deploy/kratos-compatible.yml"], env, root);
        await WaitReady(process, adminPort);
        using var client = new HttpClient();
        var schemas = await client.GetStringAsync($"http://127.0.0.1:{publicPort}/schemas");
        Assert.Contains("\"id\":\"default\"", schemas);
        var flow = await client.GetAsync($"http://127.0.0.1:{publicPort}/self-service/login/api");
        Assert.Equal(HttpStatusCode.OK, flow.StatusCode);
        process.Signal(15);
        Assert.Equal(0, await process.WaitForExitAsync(TimeSpan.FromSeconds(15)));
    }

    [Fact]
    public async Task An_unmigrated_database_is_refused_with_the_command_to_run()
    {
        var env = Ports(out _, out _);
        env["DSN"] = $"sqlite://{folder.File("fresh.sqlite")}";
        var (code, output) = await TesseraProcess.RunAsync(["serve", "oauth2", "--dangerous-force-http"], env);
        Assert.Equal(1, code);
        Assert.Contains("tessera migrate sql", output);
    }

    [Fact]
    public async Task The_memory_dsn_needs_dev_mode()
    {
        var env = Ports(out _, out _);
        env["DSN"] = "memory";
        var (code, output) = await TesseraProcess.RunAsync(["serve", "oauth2", "--dangerous-force-http"], env);
        Assert.Equal(1, code);
        Assert.Contains("--dev", output);
    }

    [Fact]
    public async Task Invalid_config_names_the_key_value_and_rule()
    {
        var env = Ports(out _, out _);
        env["SERVE_PUBLIC_PORT"] = "99999";
        env["LOG_LEVEL"] = "chatty";
        var (code, output) = await TesseraProcess.RunAsync(["serve", "oauth2", "--dev"], env);
        Assert.Equal(1, code);
        Assert.Contains("serve.public.port: must be <= 65535 (value 99999, from env SERVE_PUBLIC_PORT)", output);
        Assert.Contains("log.level", output);
        Assert.Contains("chatty", output);
    }

    [Fact]
    public async Task A_config_file_is_read_and_a_missing_one_is_named()
    {
        var env = Ports(out _, out var adminPort);
        env.Remove("SERVE_ADMIN_PORT");
        var file = folder.File("hydra.yml");
        File.WriteAllText(file, $"serve:\n  admin:\n    port: {adminPort}\nlog:\n  level: debug\n");
        await using (var process = TesseraProcess.Start(["serve", "oauth2", "--dev", "-c", file], env))
        {
            await WaitReady(process, adminPort);
            process.Signal(15);
            Assert.Equal(0, await process.WaitForExitAsync(TimeSpan.FromSeconds(15)));
        }

        var (code, output) = await TesseraProcess.RunAsync(["serve", "oauth2", "--dev", "-c", folder.File("missing.yml")], env);
        Assert.Equal(1, code);
        Assert.Contains("missing.yml", output);
    }

    [Fact]
    public async Task Editing_the_config_file_changes_cors_without_a_restart()
    {
        var env = Ports(out var publicPort, out var adminPort);
        env.Remove("SERVE_PUBLIC_PORT");
        var file = folder.File("cors.yml");
        string Config(string origin) => $"serve:\n  public:\n    port: {publicPort}\n    cors:\n      enabled: true\n      allowed_origins: [\"{origin}\"]\n";
        File.WriteAllText(file, Config("https://a.example"));
        await using var process = TesseraProcess.Start(["serve", "oauth2", "--dev", "-c", file], env);
        await WaitReady(process, adminPort);
        using var client = new HttpClient();

        async Task<string?> AllowedOrigin(string origin)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"http://127.0.0.1:{publicPort}/health/alive");
            request.Headers.Add("Origin", origin);
            var response = await client.SendAsync(request);
            return response.Headers.TryGetValues("Access-Control-Allow-Origin", out var values) ? values.Single() : null;
        }

        Assert.Equal("https://a.example", await AllowedOrigin("https://a.example"));
        Assert.Null(await AllowedOrigin("https://b.example"));

        File.WriteAllText(file, Config("https://b.example"));
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (await AllowedOrigin("https://b.example") is null && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        Assert.Equal("https://b.example", await AllowedOrigin("https://b.example"));
        Assert.Null(await AllowedOrigin("https://a.example"));
        Assert.Contains("Configuration reloaded", process.Output);
    }
}

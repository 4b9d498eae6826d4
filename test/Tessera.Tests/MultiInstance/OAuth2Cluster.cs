using System.Globalization;
using System.Net;
using Tessera.Testing;

namespace Tessera.Tests.MultiInstance;

/// <summary>
/// Three <c>tessera serve oauth2</c> processes on one database, as behind a load balancer: the same
/// system secret, the same issuer (the first instance's public URL stands for the balancer's), each on
/// ports of its own. The database is migrated once with <c>tessera migrate sql</c> before they start.
/// </summary>
public abstract class OAuth2Cluster(Backend backend) : IAsyncLifetime
{
    public const int Size = 3;
    private const string SystemSecret = "multi-instance-system-secret-0123456789";

    private readonly TestDatabases databases = new();
    private readonly List<OAuth2Instance> instances = [];

    public Backend Backend => backend;

    public string Dsn { get; private set; } = "";

    public IReadOnlyList<OAuth2Instance> Instances => instances;

    /// <summary>Everything every instance wrote to its output so far.</summary>
    public string Output => string.Join("\n", instances.Select((instance, i) => $"--- instance {i} ---\n{instance.Process.Output}"));

    public async Task InitializeAsync()
    {
        Dsn = await databases.NewAsync(backend);
        var (code, output) = await TesseraProcess.RunAsync(["migrate", "sql", "-e", "--yes"], new Dictionary<string, string> { ["DSN"] = Dsn });
        if (code != 0)
        {
            throw new InvalidOperationException($"tessera migrate sql exited with {code}: {output}");
        }

        var ports = Enumerable.Range(0, Size).Select(_ => (Public: FreePort.Next(), Admin: FreePort.Next())).ToList();
        var issuer = $"http://127.0.0.1:{ports[0].Public}";
        foreach (var (publicPort, adminPort) in ports)
        {
            var process = TesseraProcess.Start(["serve", "oauth2", "--dangerous-force-http"], new Dictionary<string, string>
            {
                ["DSN"] = Dsn,
                ["SECRETS_SYSTEM"] = SystemSecret,
                ["SERVE_PUBLIC_PORT"] = publicPort.ToString(CultureInfo.InvariantCulture),
                ["SERVE_ADMIN_PORT"] = adminPort.ToString(CultureInfo.InvariantCulture),
                ["SERVE_PUBLIC_HOST"] = "127.0.0.1",
                ["SERVE_ADMIN_HOST"] = "127.0.0.1",
                ["URLS_SELF_ISSUER"] = issuer,
                ["URLS_LOGIN"] = "http://login.test/login",
                ["URLS_CONSENT"] = "http://consent.test/consent",
                ["LOG_LEVEL"] = "warn",
            });
            instances.Add(new OAuth2Instance(publicPort, adminPort, process));
        }

        await Task.WhenAll(instances.Select(WaitReadyAsync));
    }

    public async Task DisposeAsync()
    {
        foreach (var instance in instances)
        {
            await instance.Process.DisposeAsync();
        }

        databases.Dispose();
    }

    private static async Task WaitReadyAsync(OAuth2Instance instance)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (instance.Process.HasExited)
            {
                throw new InvalidOperationException("an instance exited while starting: " + instance.Process.Output);
            }

            try
            {
                if ((await client.GetAsync(instance.AdminUrl + "/health/ready")).StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
            catch (TaskCanceledException)
            {
                // not answering yet
            }

            await Task.Delay(100);
        }

        throw new TimeoutException("an instance did not get ready: " + instance.Process.Output);
    }
}

/// <summary>One <c>serve oauth2</c> process of an <see cref="OAuth2Cluster"/>.</summary>
public sealed record OAuth2Instance(int PublicPort, int AdminPort, TesseraProcess Process)
{
    public string PublicUrl => $"http://127.0.0.1:{PublicPort}";

    public string AdminUrl => $"http://127.0.0.1:{AdminPort}";

    /// <summary><paramref name="url"/> (a URL of any instance's public listener) sent to this instance instead.</summary>
    public string Public(string url) => new UriBuilder(url) { Port = PublicPort }.Uri.ToString();
}

using System.Globalization;
using System.Net;
using Tessera.Platform.Persistence;
using Tessera.Testing;

namespace Tessera.Tests.Commands;

/// <summary>
/// A real <c>tessera serve oauth2 --dev</c> process on a SQLite file, shared by the tests of one class,
/// for the CLI commands to talk to and for tests that reach into its database.
/// </summary>
public sealed class OAuth2ServerFixture : IAsyncLifetime
{
    private readonly TempFolder folder = new();
    private TesseraProcess? process;

    public string Dsn { get; private set; } = "";

    public string AdminUrl { get; private set; } = "";

    public string PublicUrl { get; private set; } = "";

    public string Output => process?.Output ?? "";

    public async Task InitializeAsync()
    {
        Dsn = $"sqlite://{folder.File("oauth2.sqlite")}?_fk=true";
        var publicPort = FreePort.Next();
        var adminPort = FreePort.Next();
        PublicUrl = $"http://127.0.0.1:{publicPort}";
        AdminUrl = $"http://127.0.0.1:{adminPort}";
        process = TesseraProcess.Start(["serve", "oauth2", "--dev"], new Dictionary<string, string>
        {
            ["DSN"] = Dsn,
            ["SECRETS_SYSTEM"] = "cli-test-system-secret-0123456789",
            ["SERVE_PUBLIC_PORT"] = publicPort.ToString(CultureInfo.InvariantCulture),
            ["SERVE_ADMIN_PORT"] = adminPort.ToString(CultureInfo.InvariantCulture),
            ["SERVE_PUBLIC_HOST"] = "127.0.0.1",
            ["SERVE_ADMIN_HOST"] = "127.0.0.1",
            ["URLS_SELF_ISSUER"] = PublicUrl,
            ["LOG_LEVEL"] = "warn",
        });

        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException("the server exited: " + process.Output);
            }

            try
            {
                if ((await client.GetAsync(AdminUrl + "/health/ready")).StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }

            await Task.Delay(100);
        }

        throw new TimeoutException("the server did not get ready: " + process.Output);
    }

    /// <summary>True when the server maps <paramref name="method"/> <paramref name="path"/> (anything but 404/405).</summary>
    public async Task<bool> ServesAsync(HttpMethod method, string url)
    {
        using var client = new HttpClient();
        using var request = new HttpRequestMessage(method, url) { Content = method == HttpMethod.Get ? null : new StringContent("") };
        var status = (await client.SendAsync(request)).StatusCode;
        return status is not HttpStatusCode.NotFound and not HttpStatusCode.MethodNotAllowed;
    }

    public Database OpenDatabase() => Database.Open(Dsn);

    public async Task DisposeAsync()
    {
        if (process is not null)
        {
            await process.DisposeAsync();
        }

        folder.Dispose();
    }
}

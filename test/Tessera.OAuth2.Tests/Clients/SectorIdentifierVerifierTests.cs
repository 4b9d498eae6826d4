using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Tessera.OAuth2.Clients;
using Tessera.Platform.Outbound;

namespace Tessera.OAuth2.Tests.Clients;

/// <summary>The sector identifier fetch against a real local Kestrel (https with a throwaway certificate, and plain http).</summary>
public sealed class SectorIdentifierVerifierTests : IAsyncLifetime
{
    private static readonly string[] Redirects = ["https://a.example/cb", "https://b.example/cb"];
    private WebApplication? https;
    private WebApplication? http;
    private OutboundHttpClient? client;

    private string HttpsBase { get; set; } = "";

    private string HttpBase { get; set; } = "";

    public async Task InitializeAsync()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddHours(1));
        var exportable = X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null);
        (https, HttpsBase) = await StartAsync(listen => listen.UseHttps(exportable));
        (http, HttpBase) = await StartAsync(_ => { });
        client = TestOutbound.Open(new OutboundNetwork { CertificateValidation = (_, _, _, _) => true });
    }

    public async Task DisposeAsync()
    {
        client?.Dispose();
        foreach (var app in new[] { https, http })
        {
            if (app is not null)
            {
                await app.StopAsync();
                await app.DisposeAsync();
            }
        }
    }

    private Task<ClientError?> VerifyAsync(string url, bool dev = false)
        => new SectorIdentifierVerifier(client!).VerifyAsync(url, Redirects, dev, CancellationToken.None);

    [Fact]
    public async Task A_list_with_every_redirect_uri_passes() => Assert.Null(await VerifyAsync(HttpsBase + "/all"));

    [Theory]
    [InlineData("/some", "Redirect URL \"https://b.example/cb\" does not match values from sector_identifier_uri.")]
    [InlineData("/empty", "Array from sector_identifier_uri contains no items")]
    [InlineData("/object", "it must be a JSON array of strings")]
    [InlineData("/garbage", "Unable to decode values from sector_identifier_uri")]
    [InlineData("/surrogate", "Unable to decode values from sector_identifier_uri")]
    [InlineData("/missing", "The fetch of sector_identifier_uri failed.")]
    [InlineData("/moved", "The fetch of sector_identifier_uri failed.")]
    public async Task Lists_that_do_not_cover_the_redirects_are_refused(string path, string fragment)
    {
        var error = await VerifyAsync(HttpsBase + path);
        Assert.Equal("invalid_client_metadata", error?.Error);
        Assert.Contains(fragment, error!.Description, StringComparison.Ordinal);
        Assert.DoesNotContain("404", error.Description, StringComparison.Ordinal);
        Assert.DoesNotContain("302", error.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Plain_http_is_refused_outside_dev_mode_and_fetched_in_it()
    {
        Assert.Contains("must be an HTTPS URL", (await VerifyAsync(HttpBase + "/all"))!.Description, StringComparison.Ordinal);
        Assert.Null(await VerifyAsync(HttpBase + "/all", dev: true));
    }

    [Fact]
    public async Task An_unreachable_server_is_refused_not_thrown()
    {
        var error = await VerifyAsync($"https://127.0.0.1:{Tessera.Testing.FreePort.Next()}/all");
        Assert.EndsWith(" The fetch of sector_identifier_uri failed.", error!.Description, StringComparison.Ordinal);
    }

    private static Task<(WebApplication App, string BaseUrl)> StartAsync(Action<Microsoft.AspNetCore.Server.Kestrel.Core.ListenOptions> configure)
        => LoopbackWebApp.StartAsync(web =>
        {
            web.MapGet("/all", () => Results.Text("""["https://a.example/cb","https://b.example/cb","https://c.example/cb"]""", "application/json"));
            web.MapGet("/some", () => Results.Text("""["https://a.example/cb"]""", "application/json"));
            web.MapGet("/empty", () => Results.Text("[]", "application/json"));
            web.MapGet("/object", () => Results.Text("""{"redirect_uris":[]}""", "application/json"));
            web.MapGet("/garbage", () => Results.Text("<html>", "text/html"));
            web.MapGet("/surrogate", () => Results.Text("""["https://a.example/cb","\ud800"]""", "application/json"));
            web.MapGet("/moved", () => Results.Redirect("/all"));
        }, configure);
}

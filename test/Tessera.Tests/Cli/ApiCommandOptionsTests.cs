using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Tessera.Testing;
using static Tessera.Tests.Commands.CliRun;

namespace Tessera.Tests.Cli;

/// <summary>The CLI against a server with a self-signed certificate: refused by default, accepted with <c>--skip-tls-verify</c>.</summary>
public sealed class ApiCommandOptionsTests
{
    [Fact]
    public async Task A_self_signed_server_needs_skip_tls_verify()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(san.Build());
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        var adminPort = FreePort.Next();
        await using var server = TesseraProcess.Start(["serve", "oauth2", "--dev"], new Dictionary<string, string>
        {
            ["SERVE_PUBLIC_PORT"] = FreePort.Next().ToString(CultureInfo.InvariantCulture),
            ["SERVE_ADMIN_PORT"] = adminPort.ToString(CultureInfo.InvariantCulture),
            ["SERVE_PUBLIC_HOST"] = "127.0.0.1",
            ["SERVE_ADMIN_HOST"] = "127.0.0.1",
            ["SERVE_TLS_CERT_BASE64"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(certificate.ExportCertificatePem())),
            ["SERVE_TLS_KEY_BASE64"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(key.ExportPkcs8PrivateKeyPem())),
        });
        var url = $"https://127.0.0.1:{adminPort}";
        using (var probe = new HttpClient(new SocketsHttpHandler { SslOptions = { RemoteCertificateValidationCallback = (_, _, _, _) => true } }))
        {
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (true)
            {
                Assert.False(server.HasExited, server.Output);
                try
                {
                    if ((await probe.GetAsync(url + "/health/ready")).IsSuccessStatusCode)
                    {
                        break;
                    }
                }
                catch (HttpRequestException) when (DateTime.UtcNow < deadline)
                {
                }

                await Task.Delay(100);
            }
        }

        var refused = await RunAsync("get", "jwks", "hydra.openid.id-token", "--endpoint", url);
        Assert.Equal(1, refused.Code);
        Assert.Contains("TLS failed", refused.Err);
        Assert.Contains("--skip-tls-verify", refused.Err);

        var accepted = await RunAsync("get", "jwks", "hydra.openid.id-token", "--public", "--skip-tls-verify", "--endpoint", url);
        Assert.True(accepted.Code == 0, accepted.Err);
        Assert.Contains("hydra.openid.id-token", accepted.Out);
    }
}

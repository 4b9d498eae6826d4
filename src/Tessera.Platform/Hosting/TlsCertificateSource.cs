using System.Security.Cryptography.X509Certificates;

namespace Tessera.Platform.Hosting;

/// <summary>A PEM certificate chain and private key, each from a file or inline base64.</summary>
public sealed record TlsCertificateSource(string CertificatePem, string KeyPem)
{
    public X509Certificate2 Load()
    {
        try
        {
            return X509Certificate2.CreateFromPem(CertificatePem, KeyPem);
        }
        catch (System.Security.Cryptography.CryptographicException e)
        {
            throw new HostingException($"The TLS certificate or key cannot be loaded: {e.Message}", e);
        }
    }
}

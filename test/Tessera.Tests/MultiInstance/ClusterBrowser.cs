namespace Tessera.Tests.MultiInstance;

/// <summary>
/// A browser for the cluster: follows no redirect by itself and keeps cookies by host, as browsers
/// do (not by port), so a cookie one instance set goes to whichever instance the next request
/// reaches, as behind a load balancer. Ignores <c>Secure</c>: the balancer would terminate TLS.
/// </summary>
internal sealed class ClusterBrowser : IDisposable
{
    private readonly HttpClient http = new(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false }) { Timeout = TimeSpan.FromSeconds(30) };
    private readonly Dictionary<string, Dictionary<string, string>> jars = new(StringComparer.OrdinalIgnoreCase);

    public async Task<HttpResponseMessage> GetAsync(string url)
    {
        var uri = new Uri(url);
        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        if (jars.TryGetValue(uri.Host, out var jar) && jar.Count > 0)
        {
            request.Headers.Add("Cookie", string.Join("; ", jar.Select(c => c.Key + "=" + c.Value)));
        }

        var response = await http.SendAsync(request);
        if (response.Headers.TryGetValues("Set-Cookie", out var lines))
        {
            jar ??= jars[uri.Host] = [];
            foreach (var line in lines)
            {
                var parts = line.Split(';', StringSplitOptions.TrimEntries);
                var equals = parts[0].IndexOf('=', StringComparison.Ordinal);
                var (name, value) = (parts[0][..equals], parts[0][(equals + 1)..]);
                var expired = parts.Any(p => p.Equals("max-age=0", StringComparison.OrdinalIgnoreCase) || p.StartsWith("expires=Thu, 01 Jan 1970", StringComparison.OrdinalIgnoreCase));
                if (expired || value.Length == 0)
                {
                    jar.Remove(name);
                }
                else
                {
                    jar[name] = value;
                }
            }
        }

        return response;
    }

    public void Dispose() => http.Dispose();
}

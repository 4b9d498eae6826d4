namespace Tessera.OAuth2.Tests.Http;

/// <summary>
/// Hydra's page sizes on its paged admin lists (ory/x keysetpagination v2): 100 by default and for zero or less,
/// at most 500 (more is served as 500), 400 only for a value that is not a whole number; the Link header names
/// the size served, with rel="first" always.
/// </summary>
public sealed class HydraPageSizeTests(OAuth2HttpFixture fixture) : IClassFixture<OAuth2HttpFixture>
{
    private OAuth2HttpServer Server => fixture.Server;

    [Theory]
    [InlineData("/admin/clients", "", 100)]
    [InlineData("/admin/clients", "?page_size=0", 100)]
    [InlineData("/admin/clients", "?page_size=-3", 100)]
    [InlineData("/admin/clients", "?page_size=501", 500)]
    [InlineData("/admin/clients", "?page_size=99999999999", 500)]
    [InlineData("/admin/clients", "?page_size=7", 7)]
    [InlineData("/admin/trust/grants/jwt-bearer/issuers", "?page_size=0", 100)]
    [InlineData("/admin/trust/grants/jwt-bearer/issuers", "?page_size=1000", 500)]
    [InlineData("/admin/oauth2/auth/sessions/consent", "?subject=nobody", 100)]
    [InlineData("/admin/oauth2/auth/sessions/consent", "?subject=nobody&page_size=0", 100)]
    [InlineData("/admin/oauth2/auth/sessions/consent", "?subject=nobody&page_size=501", 500)]
    public async Task The_size_served_follows_hydras_rules(string path, string query, int served)
    {
        using var response = await Server.Http.GetAsync(Server.AdminUrl + path + query);
        Assert.Equal(200, (int)response.StatusCode);
        var link = string.Join(",", response.Headers.GetValues("Link"));
        Assert.Contains($"page_size={served}>; rel=\"first\"", link, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/admin/clients?page_size=ten")]
    [InlineData("/admin/trust/grants/jwt-bearer/issuers?page_size=1.5")]
    [InlineData("/admin/oauth2/auth/sessions/consent?subject=nobody&page_size=x")]
    public async Task A_size_that_is_not_a_whole_number_is_refused(string pathAndQuery)
    {
        using var response = await Server.Http.GetAsync(Server.AdminUrl + pathAndQuery);
        Assert.Equal(400, (int)response.StatusCode);
        Assert.Contains("Unable to parse pagination parameters", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}

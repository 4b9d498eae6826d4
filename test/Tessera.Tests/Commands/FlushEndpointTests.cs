using System.Net;
using System.Text;
using Tessera.Platform.Persistence;

namespace Tessera.Tests.Commands;

/// <summary><c>POST /oauth2/flush</c> (Hydra v1) on the admin listener of a running server.</summary>
public sealed class FlushEndpointTests(OAuth2ServerFixture server) : IClassFixture<OAuth2ServerFixture>
{
    private async Task InsertAsync(string signature, DateTimeOffset expiresAt, bool active = true)
    {
        await using var database = server.OpenDatabase();
        await using var connection = await database.OpenConnectionAsync(CancellationToken.None);
        await using var insert = SqlCommand.Create(connection, null,
            "INSERT INTO oauth2_tokens (kind, signature, request_id, client_id, active, requested_at, expires_at, data) VALUES ('refresh_token', @sig, @sig, 'flush', @active, @at, @exp, '{}')",
            ("sig", signature), ("active", database.Dialect.Boolean(active)), ("at", database.Dialect.Timestamp(expiresAt.AddDays(-1))), ("exp", database.Dialect.Timestamp(expiresAt)));
        await insert.ExecuteNonQueryAsync();
    }

    private async Task<List<string>> RemainingAsync()
    {
        await using var database = server.OpenDatabase();
        await using var connection = await database.OpenConnectionAsync(CancellationToken.None);
        await using var select = SqlCommand.Create(connection, null, "SELECT signature FROM oauth2_tokens WHERE client_id = 'flush' ORDER BY signature");
        await using var reader = await select.ExecuteReaderAsync();
        var result = new List<string>();
        while (await reader.ReadAsync())
        {
            result.Add(reader.GetString(0));
        }

        return result;
    }

    private async Task<HttpStatusCode> FlushAsync(string path, string? body)
    {
        using var client = new HttpClient();
        using var content = body is null ? null : new StringContent(body, Encoding.UTF8, "application/json");
        return (await client.PostAsync(server.AdminUrl + path, content)).StatusCode;
    }

    [Fact]
    public async Task Flush_deletes_tokens_expired_before_not_after_and_revoked_ones()
    {
        var now = DateTimeOffset.UtcNow;
        await InsertAsync("f-expired-long-ago", now.AddDays(-10));
        await InsertAsync("f-expired-yesterday", now.AddDays(-1));
        await InsertAsync("f-valid", now.AddDays(1));
        await InsertAsync("f-revoked-valid", now.AddDays(1), active: false);

        var notAfter = now.AddDays(-5).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(HttpStatusCode.NoContent, await FlushAsync("/oauth2/flush", $"{{\"notAfter\":\"{notAfter}\"}}"));
        Assert.Equal(["f-expired-yesterday", "f-revoked-valid", "f-valid"], await RemainingAsync());

        Assert.Equal(HttpStatusCode.NoContent, await FlushAsync("/admin/oauth2/flush", null));
        Assert.Equal(["f-valid"], await RemainingAsync());
    }

    [Theory]
    [InlineData("{\"notAfter\":\"yesterday\"}")]
    [InlineData("{\"notAfter\":5}")]
    [InlineData("[1]")]
    [InlineData("{")]
    public async Task Bad_bodies_are_400(string body)
        => Assert.Equal(HttpStatusCode.BadRequest, await FlushAsync("/oauth2/flush", body));
}

using System.Text.Json.Nodes;
using Tessera.Identity.Sessions;

namespace Tessera.Identity.Tests.Http;

/// <summary>Identities made through the admin API and sessions issued for them as a login flow would.</summary>
internal static class SessionTestData
{
    public static async Task<JsonObject> IdentityAsync(IdentityHttpServer server, string email, string extra = "")
    {
        var (status, body, _) = await server.SendAsync(HttpMethod.Post, server.AdminUrl + "/admin/identities",
            $$"""{"traits":{"email":"{{email}}"},"metadata_admin":{"secret":1}{{extra}}}""");
        Assert.Equal(201, status);
        return body!.AsObject();
    }

    public static async Task<IssuedSession> IssueAsync(IdentityHttpServer server, JsonObject identity)
    {
        var record = (await server.Runtime.Identities.GetAsync((string)identity["id"]!, CancellationToken.None)).Identity!;
        var issuer = server.Runtime.SessionIssuer;
        return await issuer.IssueAsync(record, [issuer.Completed("password", "aal1")], SessionDevice.New("192.0.2.7", "test-agent/1", "Berlin, DE"), CancellationToken.None);
    }

    public static async Task<(int Status, JsonNode? Body, HttpResponseMessage Response)> SendAsync(
        IdentityHttpServer server, HttpMethod method, string url, string? token = null, string? cookie = null, string? bearer = null)
    {
        using var request = new HttpRequestMessage(method, url);
        if (token is not null)
        {
            request.Headers.Add("X-Session-Token", token);
        }

        if (cookie is not null)
        {
            request.Headers.Add("Cookie", cookie);
        }

        if (bearer is not null)
        {
            request.Headers.Add("Authorization", "Bearer " + bearer);
        }

        var response = await server.Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, text.Length > 0 ? JsonNode.Parse(text) : null, response);
    }
}

namespace Tessera.OAuth2.Tests.Http;

/// <summary>
/// One oauth2 service through HTTP shared by a test class: dynamic client registration on, public and
/// pairwise subjects supported, and the flow client <c>web</c> of <see cref="Flows.AuthorizeFlowTests"/>.
/// </summary>
public sealed class OAuth2HttpFixture : IAsyncLifetime
{
    public static readonly IReadOnlyDictionary<string, string> Config = new Dictionary<string, string>
    {
        ["oidc.dynamic_client_registration.enabled"] = "true",
        ["oidc.subject_identifiers.supported_types"] = "[\"public\",\"pairwise\"]",
        ["oidc.subject_identifiers.pairwise.salt"] = "pairwise-salt-0123456789",
    };

    private OAuth2HttpServer? server;

    internal OAuth2HttpServer Server => server!;

    public async Task InitializeAsync() => server = await OAuth2HttpServer.StartAsync(await Flows.AuthorizeFlowTests.StartAsync(config: Config));

    public async Task DisposeAsync()
    {
        if (server is not null)
        {
            await server.DisposeAsync();
        }
    }
}

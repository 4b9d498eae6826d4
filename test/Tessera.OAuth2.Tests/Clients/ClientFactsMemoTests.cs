using Tessera.OAuth2.Clients;

namespace Tessera.OAuth2.Tests.Clients;

public sealed class ClientFactsMemoTests
{
    [Fact]
    public void The_same_document_text_is_read_once_and_a_changed_one_is_read_again()
    {
        var id = Guid.NewGuid().ToString();
        var stored = $$"""{"client_id":"{{id}}","scope":"read","token_endpoint_auth_method":"client_secret_post"}""";
        var first = OAuth2Client.FromStored(id, null, stored);
        var second = OAuth2Client.FromStored(id, null, new string(stored.AsSpan()));
        Assert.Same(ClientFactsMemo.Of(stored), ClientFactsMemo.Of(new string(stored.AsSpan())));
        Assert.Equal("client_secret_post", first.TokenEndpointAuthMethod);
        Assert.Equal(["read"], second.Scopes);

        var changed = OAuth2Client.FromStored(id, null, stored.Replace("\"read\"", "\"read write\"", StringComparison.Ordinal));
        Assert.Equal(["read", "write"], changed.Scopes);
        Assert.Equal(["read"], OAuth2Client.FromStored(id, null, stored).Scopes);
    }
}

using Tessera.Platform.Services;

namespace Tessera.Identity.Tests;

public sealed class IdentityServiceTests
{
    [Fact]
    public void The_descriptor_has_kratos_listeners_and_serves_plain_http_as_kratos_does()
    {
        var service = IdentityService.Descriptor;
        Assert.Equal(4433, service.Listener(ListenerNames.Public).DefaultPort);
        Assert.Equal(4434, service.Listener(ListenerNames.Admin).DefaultPort);
        Assert.False(service.RefusesPlainHttp);
        Assert.Contains("\"properties\"", service.ReadConfigSchema(), StringComparison.Ordinal);
    }
}

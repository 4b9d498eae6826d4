using Tessera.Platform.Observability;

namespace Tessera.Platform.Tests.Observability;

public sealed class VersionInfoTests
{
    [Fact]
    public void Version_is_read_from_the_assembly()
    {
        var v = VersionInfo.Current;
        Assert.StartsWith("0.1.0", v.Version);
        Assert.DoesNotContain("+", v.Version);
    }
}

using Tessera.Platform.Hosting;

namespace Tessera.Platform.Tests.Hosting;

public sealed class RequestIdsTests
{
    [Fact]
    public void Ids_are_32_lowercase_hex_digits_that_share_the_process_half_and_never_repeat()
    {
        var ids = Enumerable.Range(0, 10_000).AsParallel().Select(_ => RequestIds.Next()).ToList();

        Assert.All(ids, id => Assert.Matches("^[0-9a-f]{32}$", id));
        Assert.Single(ids.Select(id => id[..16]).Distinct());
        Assert.Equal(ids.Count, ids.Distinct().Count());
    }
}

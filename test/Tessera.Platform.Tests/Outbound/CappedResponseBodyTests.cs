using Tessera.Platform.Outbound;

namespace Tessera.Platform.Tests.Outbound;

public sealed class CappedResponseBodyTests
{
    /// <summary>A body of unknown length (as when chunked) that yields <paramref name="size"/> bytes in small reads.</summary>
    private static HttpResponseMessage Streamed(int size)
    {
        var content = new StreamContent(new MemoryStream(new byte[size]), 1000);
        content.Headers.ContentLength = null;
        return new HttpResponseMessage { Content = content };
    }

    [Fact]
    public async Task A_body_within_the_limit_is_read_whole()
    {
        using var announced = new HttpResponseMessage { Content = new ByteArrayContent([1, 2, 3]) };
        using var streamed = Streamed(100);

        Assert.Equal([1, 2, 3], await CappedResponseBody.ReadAsync(announced, 3, CancellationToken.None));
        Assert.Equal(100, (await CappedResponseBody.ReadAsync(streamed, 100, CancellationToken.None))!.Length);
    }

    [Fact]
    public async Task A_body_over_the_limit_is_null_whether_announced_or_not()
    {
        using var announced = new HttpResponseMessage { Content = new ByteArrayContent(new byte[101]) };
        using var streamed = Streamed(50_000);

        Assert.Null(await CappedResponseBody.ReadAsync(announced, 100, CancellationToken.None));
        Assert.Null(await CappedResponseBody.ReadAsync(streamed, 40_000, CancellationToken.None));
    }
}

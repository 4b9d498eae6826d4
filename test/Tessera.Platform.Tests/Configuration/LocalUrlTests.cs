using System.Text;
using Tessera.Platform.Configuration;
using Tessera.Testing;

namespace Tessera.Platform.Tests.Configuration;

public sealed class LocalUrlTests
{
    [Theory]
    [InlineData("file:///etc/kratos/schema.json", "/etc/kratos/schema.json")]
    [InlineData("file://./contrib/quickstart/schema.json", "./contrib/quickstart/schema.json")]
    [InlineData("file://contrib/quickstart/schema.json", "contrib/quickstart/schema.json")]
    [InlineData("file://localhost/etc/x.json", "/etc/x.json")]
    [InlineData("file:///tmp/with%20space.json?x=1#f", "/tmp/with space.json")]
    [InlineData("FILE:///upper.json", "/upper.json")]
    public void A_file_url_names_the_path_after_the_scheme_as_ory_reads_it(string url, string path)
        => Assert.Equal(path, LocalUrl.FilePath(url));

    [Fact]
    public void A_file_url_without_a_path_is_refused()
        => Assert.Throws<FormatException>(() => LocalUrl.FilePath("file://"));

    [Fact]
    public async Task Relative_file_urls_are_read_from_the_working_directory()
    {
        using var folder = new TempFolder("tessera-localurl");
        await File.WriteAllTextAsync(folder.File("doc.json"), "{\"a\":1}");
        var relative = Path.GetRelativePath(Directory.GetCurrentDirectory(), folder.File("doc.json"));
        Assert.False(Path.IsPathRooted(relative));
        Assert.Equal("{\"a\":1}", await LocalUrl.ReadTextAsync("file://./" + relative, CancellationToken.None));
        Assert.Equal("{\"a\":1}", LocalUrl.ReadText("file://" + relative));
    }

    [Theory]
    [InlineData("eyJhIjoxfQ==")]
    [InlineData("eyJhIjoxfQ")]
    public void Base64_urls_decode_padded_or_not(string payload)
        => Assert.Equal("{\"a\":1}", LocalUrl.ReadText("base64://" + payload));

    [Fact]
    public void Url_safe_base64_is_read_too()
    {
        var bytes = new byte[] { 0xfb, 0xff, 0xfe };
        var urlSafe = Convert.ToBase64String(bytes).Replace('+', '-').Replace('/', '_').TrimEnd('=');
        Assert.Equal(bytes, LocalUrl.DecodeBase64(urlSafe));
    }

    [Fact]
    public void Other_schemes_are_not_local()
    {
        Assert.Null(LocalUrl.ReadText("https://example.test/x.json"));
        Assert.Throws<FormatException>(() => LocalUrl.ReadText("base64://***"));
        Assert.Equal("x", Encoding.UTF8.GetString(LocalUrl.DecodeBase64("eA")));
    }
}

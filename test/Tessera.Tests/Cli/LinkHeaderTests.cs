using Tessera.Cli;

namespace Tessera.Tests.Cli;

public sealed class LinkHeaderTests
{
    private static string? Next(string? link)
    {
        using var response = new HttpResponseMessage();
        if (link is not null)
        {
            response.Headers.TryAddWithoutValidation("Link", link);
        }

        return LinkHeader.NextPageToken(response.Headers);
    }

    [Fact]
    public void Reads_the_page_token_of_the_next_link()
        => Assert.Equal("abc=", Next("</admin/clients?page_size=2&page_token=abc%3D>; rel=\"next\", </admin/clients?page_size=2&page_token=first>; rel=\"first\""));

    [Fact]
    public void Without_a_next_link_there_is_no_next_page()
    {
        Assert.Null(Next("</admin/clients?page_size=2&page_token=first>; rel=\"first\""));
        Assert.Null(Next(null));
    }
}

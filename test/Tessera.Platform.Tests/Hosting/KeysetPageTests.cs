using System.Text;
using Microsoft.AspNetCore.Http;
using Tessera.Platform.Hosting;

namespace Tessera.Platform.Tests.Hosting;

public sealed class KeysetPageTests
{
    private static DefaultHttpContext Request(string query)
    {
        var context = new DefaultHttpContext();
        context.Request.QueryString = new QueryString(query);
        context.Response.Body = new MemoryStream();
        return context;
    }

    private static string Body(HttpContext context) => Encoding.UTF8.GetString(((MemoryStream)context.Response.Body).ToArray());

    [Fact]
    public async Task Defaults_to_250_from_the_start()
        => Assert.Equal(new KeysetPage(250, ""), await KeysetPage.ReadAsync(Request("")));

    [Theory]
    [InlineData("?page_size=0")]
    [InlineData("?page_size=1001")]
    [InlineData("?page_size=-1")]
    [InlineData("?page_size=ten")]
    [InlineData("?page_token=%%%")]
    public async Task Bad_parameters_get_a_400_in_Orys_shape(string query)
    {
        var context = Request(query);
        Assert.Null(await KeysetPage.ReadAsync(context));
        Assert.Equal(400, context.Response.StatusCode);
        Assert.Contains("\"code\":400", Body(context), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_next_link_carries_the_last_id_and_the_filters_and_reads_back()
    {
        var context = Request("?page_size=2");
        var page = (await KeysetPage.ReadAsync(context))!;
        var rows = new List<string> { "a", "b", "c" };
        page.Finish(context, "/admin/clients", rows, r => r, ("owner", "al ice"), ("client_name", null));
        Assert.Equal(["a", "b"], rows);
        var link = context.Response.Headers.Link.ToString();
        Assert.StartsWith("</admin/clients?page_size=2&page_token=", link, StringComparison.Ordinal);
        Assert.EndsWith(",</admin/clients?page_size=2&owner=al%20ice>; rel=\"first\"", link, StringComparison.Ordinal);
        Assert.Contains("&owner=al%20ice>; rel=\"next\"", link, StringComparison.Ordinal);

        var next = link[1..link.IndexOf('>', StringComparison.Ordinal)];
        var following = await KeysetPage.ReadAsync(Request(next[next.IndexOf('?', StringComparison.Ordinal)..]));
        Assert.Equal(new KeysetPage(2, "b"), following);
    }

    [Fact]
    public async Task The_last_page_has_only_a_first_link()
    {
        var context = Request("?page_size=2");
        var rows = new List<string> { "x", "y" };
        (await KeysetPage.ReadAsync(context))!.Finish(context, "/clients", rows, r => r);
        Assert.Equal(2, rows.Count);
        Assert.Equal("</clients?page_size=2>; rel=\"first\"", context.Response.Headers.Link.ToString());
    }
}

using System.Text;
using Microsoft.AspNetCore.Http;
using Tessera.Platform.Hosting;

namespace Tessera.Platform.Tests.Hosting;

public sealed class JsonResponseWriterTests
{
    [Fact]
    public async Task A_finished_body_is_sent_once_with_its_length()
    {
        var context = new DefaultHttpContext();
        var sent = new MemoryStream();
        context.Response.Body = sent;

        await using (var body = JsonResponseWriter.Start(context.Response))
        {
            body.Json.WriteStartObject();
            body.Json.WriteString("status", "ok");
            body.Json.WriteEndObject();
        }

        Assert.Equal("""{"status":"ok"}""", Encoding.UTF8.GetString(sent.ToArray()));
        Assert.Equal(sent.Length, context.Response.ContentLength);
    }

    [Fact]
    public async Task An_unfinished_body_is_not_sent_so_the_error_handler_can_still_answer()
    {
        var context = new DefaultHttpContext();
        var sent = new MemoryStream();
        context.Response.Body = sent;

        await Assert.ThrowsAsync<InvalidOperationException>(async () =>
        {
            await using var body = JsonResponseWriter.Start(context.Response);
            body.Json.WriteStartObject();
            body.Json.WriteString("partial", "value");
            throw new InvalidOperationException("failed half way");
        });

        Assert.Equal(0, sent.Length);
        Assert.Null(context.Response.ContentLength);
    }
}

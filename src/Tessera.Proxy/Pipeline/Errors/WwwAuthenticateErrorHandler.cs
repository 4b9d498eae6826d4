using Microsoft.AspNetCore.Http;

namespace Tessera.Proxy.Pipeline.Errors;

/// <summary><c>www_authenticate</c>: 401 with <c>WWW-Authenticate: Basic realm=&lt;realm&gt;</c> (default "Please authenticate.", written unquoted as Oathkeeper writes it) and Go's plain-text "Unauthorized".</summary>
internal sealed class WwwAuthenticateErrorHandler(string realm, ErrorWhen when) : IErrorHandler
{
    public static HandlerFactory<IErrorHandler> Factory { get; } = new("www_authenticate", config =>
    {
        config.AllowOnly("realm", "when");
        var realm = config.String("realm");
        return new WwwAuthenticateErrorHandler(string.IsNullOrEmpty(realm) ? "Please authenticate." : realm, ErrorWhen.Read(config));
    });

    public ErrorWhen When { get; } = when;

    public Task WriteAsync(HttpContext context, PipelineRequest? request, PipelineError error)
    {
        var response = context.Response;
        response.Headers.WWWAuthenticate = "Basic realm=" + realm;
        response.Headers.XContentTypeOptions = "nosniff";
        response.StatusCode = StatusCodes.Status401Unauthorized;
        response.ContentType = "text/plain; charset=utf-8";
        return response.WriteAsync("Unauthorized\n");
    }
}

using Microsoft.AspNetCore.Http;
using Tessera.Platform.Hosting;

namespace Tessera.Proxy.Pipeline.Errors;

/// <summary>
/// <c>json</c>: Ory's error body. Without <c>verbose</c> the message is the generic one of the status
/// (herodot's: "The request could not be authorized", …; any error without a status is a 500); with
/// <c>verbose</c> the error's own message and reason.
/// </summary>
internal sealed class JsonErrorHandler(bool verbose, ErrorWhen when) : IErrorHandler
{
    public static HandlerFactory<IErrorHandler> Factory { get; } = new("json", config =>
    {
        config.AllowOnly("verbose", "when");
        return new JsonErrorHandler(config.Bool("verbose"), ErrorWhen.Read(config));
    });

    /// <summary>What Oathkeeper's own writer answers when error handling itself fails: the error as it is.</summary>
    public static JsonErrorHandler Verbose { get; } = new(true, ErrorWhen.Always);

    public ErrorWhen When { get; } = when;

    public Task WriteAsync(HttpContext context, PipelineRequest? request, PipelineError error)
    {
        foreach (var (name, value) in error.Headers ?? [])
        {
            context.Response.Headers[name] = value;
        }

        if (verbose)
        {
            return OryError.WriteAsync(context, error.Status, error.Message, error.Reason);
        }

        var status = error.HasStatus ? error.Status : 500;
        return OryError.WriteAsync(context, status, status switch
        {
            400 => "The request was malformed or contained invalid parameters",
            401 => "The request could not be authorized",
            403 => "The requested action was forbidden",
            404 => "The requested resource could not be found",
            409 => "The resource could not be created due to a conflict",
            415 => "The request is using an unknown content type",
            429 => "Too many requests",
            500 => "An internal server error occurred, please contact the system administrator",
            _ => error.Message,
        });
    }
}

using System.Text;
using System.Text.Json;
using Tessera.Platform.Templates;

namespace Tessera.Proxy.Pipeline.Authorizers;

/// <summary>
/// <c>remote_json</c>: <c>payload</c>, a Go template over the session, is evaluated, must be a JSON text, and is POSTed
/// to <c>remote</c> as <c>application/json</c> (see <see cref="RemoteCheck"/>). A payload that is not JSON is an internal error.
/// </summary>
internal sealed class RemoteJsonAuthorizer(GoTemplate payload, RemoteCheck check) : IAuthorizer
{
    public static HandlerFactory<IAuthorizer> Factory { get; } = new("remote_json", config =>
    {
        config.AllowOnly([.. RemoteCheck.Keys, "payload"]);
        var text = config.RequiredString("payload");
        GoTemplate payload;
        try
        {
            payload = GoTemplate.Parse($"{config.RuleId}:payload", text, SessionTemplates.Functions, MissingKey.Zero);
        }
        catch (TemplateParseException e)
        {
            throw config.Fail("payload", $"is not a valid template (line {e.Line}, column {e.Column + 1}): {e.Message}");
        }

        return new RemoteJsonAuthorizer(payload, RemoteCheck.FromConfig(config, new RetryPolicy(TimeSpan.FromSeconds(1), TimeSpan.FromMilliseconds(100))));
    });

    public async ValueTask<PipelineError?> AuthorizeAsync(PipelineRequest request, AuthenticationSession session, CancellationToken ct)
    {
        string json;
        try
        {
            json = payload.Execute(session.ToTemplate());
        }
        catch (TemplateExecutionException e)
        {
            return PipelineError.Plain(e.Message);
        }

        var body = Encoding.UTF8.GetBytes(json);
        try
        {
            using var _ = JsonDocument.Parse(body);
        }
        catch (JsonException e)
        {
            return PipelineError.Plain($"payload is not a JSON text: {e.Message}");
        }

        return await check.CheckAsync(request, session, body, "application/json", status => $"expected status code 200 but got {status}", ct);
    }
}

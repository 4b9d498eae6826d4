namespace Tessera.Proxy.Pipeline.Authorizers;

/// <summary>
/// <c>remote</c>: the request's body (with its <c>Content-Type</c>) is POSTed to <c>remote</c> (see <see cref="RemoteCheck"/>).
/// The body is buffered (at most <see cref="RequestBody.MaxBytes"/>; larger: 413) and rewound, so the upstream still gets it.
/// </summary>
internal sealed class RemoteAuthorizer(RemoteCheck check) : IAuthorizer
{
    public static HandlerFactory<IAuthorizer> Factory { get; } = new("remote", config =>
    {
        config.AllowOnly(RemoteCheck.Keys);
        return new RemoteAuthorizer(RemoteCheck.FromConfig(config, new RetryPolicy(TimeSpan.FromSeconds(1), TimeSpan.FromMilliseconds(500))));
    });

    public async ValueTask<PipelineError?> AuthorizeAsync(PipelineRequest request, AuthenticationSession session, CancellationToken ct)
    {
        var body = await RequestBody.ReadAsync(request.Http, ct);
        return body is null
            ? RequestBody.TooLarge
            : await check.CheckAsync(request, session, body, request.Http.ContentType, status => $"unexpected status code: expected status code 200 but got {status}", ct);
    }
}

using Microsoft.AspNetCore.Http;
using Tessera.Proxy.Pipeline.Errors;

namespace Tessera.Proxy.Pipeline;

/// <summary>An error handler bound to one rule's config: <see cref="When"/> says which errors and requests it answers; <see cref="WriteAsync"/> writes the answer.</summary>
internal interface IErrorHandler
{
    ErrorWhen When { get; }

    Task WriteAsync(HttpContext context, PipelineRequest? request, PipelineError error);
}

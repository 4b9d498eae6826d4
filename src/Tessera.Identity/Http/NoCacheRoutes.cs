using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Tessera.Identity.Http;

/// <summary>
/// Kratos marks every GET answer of both its listeners as not to be stored (its router's no-cache middleware):
/// whoami, sessions, flows and identities carry personal data and session state that a shared cache must not keep.
/// </summary>
internal static class NoCacheRoutes
{
    public const string CacheControl = "private, no-cache, no-store, must-revalidate";

    /// <summary>A group over <paramref name="routes"/> whose endpoints answer GETs with <see cref="CacheControl"/>.</summary>
    public static RouteGroupBuilder Group(IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("");
        ((IEndpointConventionBuilder)group).Add(static endpoint =>
        {
            if (endpoint.RequestDelegate is not { } inner)
            {
                return;
            }

            endpoint.RequestDelegate = context =>
            {
                if (HttpMethods.IsGet(context.Request.Method))
                {
                    context.Response.Headers.CacheControl = CacheControl;
                }

                return inner(context);
            };
        });
        return group;
    }
}

using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Tessera.OAuth2.Http;

/// <summary>
/// Hydra marks every GET answer of both its listeners as not to be stored (httprouterx's no-cache middleware):
/// clients, flows, sessions and keys are admin data, and a cached key set would outlive a key rotation. An
/// endpoint that sets its own <c>Cache-Control</c> (the token-style answers' <c>no-store</c>) keeps it.
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

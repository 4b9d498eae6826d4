using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Tessera.Platform.Hosting;

/// <summary>
/// Hydra and Kratos mark every GET answer of both their listeners as not to be stored (ory/x httprouterx's no-cache
/// middleware): sessions, flows, identities, clients and keys are personal or admin data a shared cache must not keep,
/// and a cached key set would outlive a key rotation. An endpoint that sets its own <c>Cache-Control</c> (the
/// token-style answers' <c>no-store</c>) keeps it.
/// </summary>
public static class NoCacheRoutes
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

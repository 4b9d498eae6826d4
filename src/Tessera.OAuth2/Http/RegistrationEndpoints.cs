using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Tessera.OAuth2.Clients;

namespace Tessera.OAuth2.Http;

/// <summary>
/// OpenID Connect dynamic client registration (RFC 7591) and its management protocol (RFC 7592) on the
/// public listener: <c>POST /oauth2/register</c>, and <c>GET|PUT|DELETE /oauth2/register/{id}</c> with the
/// client's registration access token as a Bearer token. Answers 404 unless
/// <c>oidc.dynamic_client_registration.enabled</c>.
/// </summary>
internal static class RegistrationEndpoints
{
    public const string Path = "/oauth2/register";

    private static readonly ClientError Disabled = new("Unable to locate the resource", "Dynamic registration is not enabled.", StatusCodes.Status404NotFound);
    private static readonly ClientError Unauthorized = new("The request could not be authorized", "The requested OAuth 2.0 client does not exist or you provided incorrect credentials.", StatusCodes.Status401Unauthorized);

    public static void Map(IEndpointRouteBuilder routes, OAuth2Runtime runtime)
    {
        routes.MapPost(Path, context => Create(context, runtime));
        routes.MapGet(Path + "/{id}", context => Get(context, runtime));
        routes.MapPut(Path + "/{id}", context => Put(context, runtime));
        routes.MapDelete(Path + "/{id}", context => Delete(context, runtime));
    }

    /// <summary>
    /// Where a client is managed through RFC 7592: under <c>urls.self.public</c> (else the issuer, else the
    /// public request's own origin, else the default public port on localhost).
    /// </summary>
    public static string ClientUri(OAuth2Runtime runtime, HttpRequest? publicRequest, string id)
    {
        var config = runtime.Context.Config;
        var root = config.GetString("urls.self.public") ?? config.GetString("urls.self.issuer")
            ?? (publicRequest is not null ? $"{publicRequest.Scheme}://{publicRequest.Host}{publicRequest.PathBase}" : $"http://localhost:{config.GetInt("serve.public.port") ?? 4444}");
        return root.TrimEnd('/') + Path + "/" + Uri.EscapeDataString(id);
    }

    private static async Task Create(HttpContext context, OAuth2Runtime runtime)
    {
        if (!await EnabledAsync(context, runtime) || await AdminClientEndpoints.ReadObjectAsync(context) is not { } request)
        {
            return;
        }

        var result = await runtime.Clients.CreateAsync(request, dynamic: true, context.RequestAborted);
        if (result.Error is { } error)
        {
            await AdminClientEndpoints.WriteErrorAsync(context, error);
            return;
        }

        var client = result.Client!;
        var uri = ClientUri(runtime, context.Request, client.Id);
        context.Response.Headers.Location = uri;
        await JsonBody.WriteAsync(context, ClientDocument.Render(client, result.Secret, result.RegistrationToken, uri, withMetadata: false), StatusCodes.Status201Created);
    }

    private static async Task Get(HttpContext context, OAuth2Runtime runtime)
    {
        if (await AuthorisedClientAsync(context, runtime) is not { } client)
        {
            return;
        }

        await JsonBody.WriteAsync(context, ClientDocument.Render(client, registrationUri: ClientUri(runtime, context.Request, client.Id), withMetadata: false));
    }

    private static async Task Put(HttpContext context, OAuth2Runtime runtime)
    {
        if (await AuthorisedClientAsync(context, runtime) is not { } existing || await AdminClientEndpoints.ReadObjectAsync(context) is not { } request)
        {
            return;
        }

        var result = await runtime.Clients.UpdateRegisteredAsync(existing, request, context.RequestAborted);
        if (result.Error is { } error)
        {
            await AdminClientEndpoints.WriteErrorAsync(context, error.Status == StatusCodes.Status404NotFound ? Unauthorized : error);
            return;
        }

        var client = result.Client!;
        await JsonBody.WriteAsync(context, ClientDocument.Render(client, result.Secret, result.RegistrationToken, ClientUri(runtime, context.Request, client.Id), withMetadata: false));
    }

    private static async Task Delete(HttpContext context, OAuth2Runtime runtime)
    {
        if (await AuthorisedClientAsync(context, runtime) is not { } client)
        {
            return;
        }

        if (!await runtime.Clients.DeleteAsync(client.Id, context.RequestAborted))
        {
            await AdminClientEndpoints.WriteErrorAsync(context, Unauthorized);
            return;
        }

        context.Response.StatusCode = StatusCodes.Status204NoContent;
    }

    private static async Task<bool> EnabledAsync(HttpContext context, OAuth2Runtime runtime)
    {
        if (runtime.Clients.RegistrationEnabled)
        {
            return true;
        }

        await AdminClientEndpoints.WriteErrorAsync(context, Disabled);
        return false;
    }

    /// <summary>
    /// The client named in the path whose registration access token the request bears; null when a 404
    /// (registration off) or 401 has been written.
    /// </summary>
    private static async Task<OAuth2Client?> AuthorisedClientAsync(HttpContext context, OAuth2Runtime runtime)
    {
        if (!await EnabledAsync(context, runtime))
        {
            return null;
        }

        var header = context.Request.Headers.Authorization.ToString();
        var token = header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header["Bearer ".Length..].Trim() : null;
        if (await runtime.Clients.FindRegisteredAsync((string)context.GetRouteValue("id")!, token, context.RequestAborted) is { } client)
        {
            return client;
        }

        context.Response.Headers.WWWAuthenticate = "Bearer error=\"invalid_token\"";
        await AdminClientEndpoints.WriteErrorAsync(context, Unauthorized);
        return null;
    }
}

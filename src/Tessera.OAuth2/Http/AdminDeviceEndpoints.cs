using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Tessera.OAuth2.Http;

/// <summary><c>PUT /admin/oauth2/auth/requests/device/accept?device_challenge=…</c> with <c>{"user_code": …}</c>.</summary>
internal static class AdminDeviceEndpoints
{
    public static void Map(IEndpointRouteBuilder routes, OAuth2Runtime runtime)
    {
        foreach (var prefix in new[] { "/admin/oauth2/auth/requests", "/oauth2/auth/requests" })
        {
            routes.MapPut(prefix + "/device/accept", context => Accept(context, runtime));
        }
    }

    private static async Task Accept(HttpContext context, OAuth2Runtime runtime)
    {
        if (await AdminFlowEndpoints.ReadBodyAsync(context) is not { } body)
        {
            return;
        }

        var challenge = AdminFlowEndpoints.Challenge(context, "device_challenge");
        await AdminFlowEndpoints.WriteAsync(context, await runtime.Protocol.Devices.AcceptAsync(challenge, body, context.RequestAborted));
    }
}

using System.Text;
using Microsoft.AspNetCore.Http;
using Tessera.Proxy.ExtAuthz.Envoy;
using Tessera.Proxy.Pipeline;
using GrpcCode = Grpc.Core.StatusCode;

namespace Tessera.Proxy.ExtAuthz;

/// <summary>
/// The <c>CheckResponse</c> Envoy gets. Granted: status OK and an <c>ok_response</c> whose <c>headers</c> are the
/// mutators' headers, each replacing the request's header of that name. Refused: a non-OK status and a
/// <c>denied_response</c> carrying what the rule's error handler answered (status, headers, body), which Envoy
/// sends to the client as it is.
/// </summary>
internal static class CheckAnswer
{
    public static CheckResponse Allowed(AuthenticationSession session)
    {
        var ok = new OkHttpResponse();
        foreach (var (name, value) in session.Header)
        {
            if (!name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
            {
                ok.Headers.Add(Header(name, value, HeaderValueOption.Types.HeaderAppendAction.OverwriteIfExistsOrAdd));
            }
        }

        return new CheckResponse { Status = new Status { Code = (int)GrpcCode.OK }, OkResponse = ok };
    }

    /// <summary>The answer an error handler wrote into <paramref name="response"/> (whose body is a <see cref="MemoryStream"/>).</summary>
    public static CheckResponse Denied(HttpResponse response, string message)
    {
        var denied = new DeniedHttpResponse { Status = new HttpStatus { Code = (Envoy.StatusCode)response.StatusCode } };
        foreach (var (name, values) in response.Headers)
        {
            if (name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var first = true;
            foreach (var value in values)
            {
                // The first value replaces any header of that name Envoy would send; the others join it.
                denied.Headers.Add(Header(name, value ?? "", first
                    ? HeaderValueOption.Types.HeaderAppendAction.OverwriteIfExistsOrAdd
                    : HeaderValueOption.Types.HeaderAppendAction.AppendIfExistsOrAdd));
                first = false;
            }
        }

        denied.Body = response.Body is MemoryStream buffer ? Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length) : "";
        return new CheckResponse { Status = new Status { Code = (int)Code(response.StatusCode), Message = message }, DeniedResponse = denied };
    }

    /// <summary>The gRPC code for a refusal with this HTTP status (Envoy denies on any code but OK).</summary>
    public static GrpcCode Code(int status) => status switch
    {
        StatusCodes.Status401Unauthorized => GrpcCode.Unauthenticated,
        StatusCodes.Status404NotFound => GrpcCode.NotFound,
        StatusCodes.Status429TooManyRequests => GrpcCode.ResourceExhausted,
        >= 500 => GrpcCode.Internal,
        _ => GrpcCode.PermissionDenied,
    };

    private static HeaderValueOption Header(string name, string value, HeaderValueOption.Types.HeaderAppendAction action)
        => new() { Header = new HeaderValue { Key = name, Value = value }, AppendAction = action };
}

using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Tessera.Platform.Hosting;

/// <summary>
/// Reads an <c>application/x-www-form-urlencoded</c> body as the list of its name/value pairs, in order
/// and with names compared as sent, under the listener's form limits (field count, name and value
/// length; the body size is Kestrel's). Breaking a limit throws <see cref="InvalidDataException"/>,
/// which the request pipeline answers with a 400. It does what ASP.NET Core's form feature does for
/// this one content type, without building a form collection on every token request.
/// </summary>
public static class UrlEncodedForm
{
    private const string MediaType = "application/x-www-form-urlencoded";

    /// <summary>True for <c>application/x-www-form-urlencoded</c>, with or without parameters such as a charset.</summary>
    public static bool IsUrlEncoded(string? contentType)
    {
        if (contentType is null || !contentType.StartsWith(MediaType, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var rest = contentType.AsSpan(MediaType.Length).TrimStart();
        return rest.IsEmpty || rest[0] == ';';
    }

    public static Task<List<KeyValuePair<string, string>>> ReadAsync(HttpRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var limits = request.HttpContext.RequestServices.GetService<IOptions<FormOptions>>()?.Value ?? new FormOptions();
        return WholeRequestBody.ReadAsync(request, limits, static (bytes, options) => Parse(bytes, options), ct);
    }

    internal static List<KeyValuePair<string, string>> Parse(ReadOnlySequence<byte> body, FormOptions limits)
    {
        var bytes = body.IsSingleSegment ? body.FirstSpan : body.ToArray();
        var pairs = new List<KeyValuePair<string, string>>();
        while (!bytes.IsEmpty)
        {
            var end = bytes.IndexOf((byte)'&');
            var pair = end < 0 ? bytes : bytes[..end];
            bytes = end < 0 ? [] : bytes[(end + 1)..];
            if (pair.IsEmpty)
            {
                continue;
            }

            if (pairs.Count >= limits.ValueCountLimit)
            {
                throw new InvalidDataException($"Form value count limit {limits.ValueCountLimit} exceeded.");
            }

            var equals = pair.IndexOf((byte)'=');
            var name = equals < 0 ? pair : pair[..equals];
            var value = equals < 0 ? [] : pair[(equals + 1)..];
            if (name.Length > limits.KeyLengthLimit)
            {
                throw new InvalidDataException($"Form key length limit {limits.KeyLengthLimit} exceeded.");
            }

            if (value.Length > limits.ValueLengthLimit)
            {
                throw new InvalidDataException($"Form value length limit {limits.ValueLengthLimit} exceeded.");
            }

            pairs.Add(new(Decode(name), Decode(value)));
        }

        return pairs;
    }

    /// <summary>'+' is a space and %XX a byte; a '%' not followed by two hex digits stays as it is. Then UTF-8.</summary>
    private static string Decode(ReadOnlySpan<byte> encoded)
    {
        if (encoded.IndexOfAny((byte)'%', (byte)'+') < 0)
        {
            return Encoding.UTF8.GetString(encoded);
        }

        var rented = ArrayPool<byte>.Shared.Rent(encoded.Length);
        try
        {
            var length = 0;
            for (var i = 0; i < encoded.Length; i++)
            {
                var b = encoded[i];
                if (b == '+')
                {
                    b = (byte)' ';
                }
                else if (b == '%' && i + 2 < encoded.Length && Hex(encoded[i + 1]) is var high and >= 0 && Hex(encoded[i + 2]) is var low and >= 0)
                {
                    b = (byte)((high << 4) | low);
                    i += 2;
                }

                rented[length++] = b;
            }

            return Encoding.UTF8.GetString(rented, 0, length);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private static int Hex(byte b) => b switch
    {
        >= (byte)'0' and <= (byte)'9' => b - '0',
        >= (byte)'a' and <= (byte)'f' => b - 'a' + 10,
        >= (byte)'A' and <= (byte)'F' => b - 'A' + 10,
        _ => -1,
    };
}

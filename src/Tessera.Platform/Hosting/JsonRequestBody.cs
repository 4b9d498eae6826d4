using System.Buffers;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Tessera.Platform.Json;

namespace Tessera.Platform.Hosting;

/// <summary>
/// A JSON request body read whole and parsed strictly (<see cref="StrictJson"/>): <see cref="Empty"/>
/// when no bytes came, else the <see cref="Value"/> or the <see cref="Problem"/> that makes the body
/// unacceptable, for the endpoint to answer with a 400 in its own error shape. The size limit is
/// Kestrel's: a larger body throws, and the request pipeline answers 413.
/// </summary>
public sealed class JsonRequestBody
{
    private JsonRequestBody(bool empty, JsonNode? value, string? problem)
    {
        Empty = empty;
        Value = value;
        Problem = problem;
    }

    /// <summary>The body had no bytes at all.</summary>
    public bool Empty { get; }

    /// <summary>The parsed value; null for an empty body, a problem, or the literal <c>null</c>.</summary>
    public JsonNode? Value { get; }

    /// <summary>Why the body is not acceptable JSON; null when it is (or is empty).</summary>
    public string? Problem { get; }

    public static Task<JsonRequestBody> ReadAsync(HttpRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        return WholeRequestBody.ReadAsync(request, 0, static (bytes, _) => Parse(bytes), ct);
    }

    internal static JsonRequestBody Parse(ReadOnlySequence<byte> bytes)
    {
        if (bytes.IsEmpty)
        {
            return new JsonRequestBody(true, null, null);
        }

        var utf8 = bytes.IsSingleSegment ? bytes.FirstSpan : bytes.ToArray();
        return StrictJson.TryParse(utf8, out var value, out var problem)
            ? new JsonRequestBody(false, value, null)
            : new JsonRequestBody(false, null, problem);
    }
}

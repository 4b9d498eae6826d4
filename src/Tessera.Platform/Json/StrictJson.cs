using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Tessera.Platform.Json;

/// <summary>
/// Parses JSON from an untrusted peer completely before anyone reads it. <see cref="JsonNode.Parse(ReadOnlySpan{byte}, JsonNodeOptions?, JsonDocumentOptions)"/>
/// alone checks syntax only: it accepts a member twice and defers decoding strings, so a duplicate
/// member (an <see cref="ArgumentException"/>), a lone surrogate escape such as <c>"\ud800"</c> or
/// invalid UTF-8 (an <see cref="InvalidOperationException"/>) would surface later, wherever the
/// value is first read, as a 500. Here they are a problem to answer with a 400.
/// </summary>
/// <remarks>
/// A member sent twice is refused, not read last-wins as Go's <c>encoding/json</c> (and so Hydra) does:
/// two parsers that pick different copies (a proxy and us) are how duplicate members get exploited,
/// and no client has a reason to send one. Strings must be valid Unicode: lone surrogates and invalid
/// UTF-8 are refused rather than replaced with U+FFFD. A UTF-8 byte order mark before the value is skipped.
/// </remarks>
public static class StrictJson
{
    /// <summary>How deeply arrays and objects may nest: System.Text.Json's default, far above any document we take.</summary>
    public const int MaxDepth = 64;

    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = MaxDepth, AllowDuplicateProperties = false };

    /// <summary>
    /// The value of <paramref name="utf8"/> (null for the literal <c>null</c>), or false with the
    /// <paramref name="problem"/> that makes it unacceptable.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> utf8, out JsonNode? value, out string? problem)
    {
        value = null;
        if (utf8.StartsWith(Encoding.UTF8.Preamble))
        {
            utf8 = utf8[Encoding.UTF8.Preamble.Length..];
        }

        problem = InvalidString(utf8);
        if (problem is not null)
        {
            return false;
        }

        try
        {
            value = JsonNode.Parse(utf8, documentOptions: DocumentOptions);
            return true;
        }
        catch (JsonException e)
        {
            problem = e.Message;
            return false;
        }
    }

    /// <summary>
    /// Reads every token once: syntax and depth errors, and strings (names too) that do not decode,
    /// which the parser itself lets through until they are read.
    /// </summary>
    private static string? InvalidString(ReadOnlySpan<byte> utf8)
    {
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { MaxDepth = MaxDepth });
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType is JsonTokenType.String or JsonTokenType.PropertyName
                    && (reader.ValueIsEscaped || !Ascii.IsValid(reader.ValueSpan)))
                {
                    _ = reader.GetString();
                }
            }

            return null;
        }
        catch (JsonException e)
        {
            return e.Message;
        }
        catch (InvalidOperationException)
        {
            return $"The string ending at byte {reader.BytesConsumed} is not valid Unicode: it holds invalid UTF-8 or a lone surrogate escape.";
        }
    }
}

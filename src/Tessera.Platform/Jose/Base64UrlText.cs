using System.Buffers;
using System.Buffers.Text;

namespace Tessera.Platform.Jose;

/// <summary>Unpadded base64url (RFC 4648 §5) as JOSE writes it, decoded without throwing on hostile input.</summary>
internal static class Base64UrlText
{
    /// <summary>
    /// The bytes, or null when <paramref name="text"/> has other characters than the alphabet (no
    /// padding, no whitespace), an impossible length, or unused trailing bits set (which would give the
    /// same bytes several spellings; .NET's decoder refuses those as invalid data).
    /// </summary>
    public static byte[]? Decode(ReadOnlySpan<char> text)
    {
        if (text.Length % 4 == 1)
        {
            return null;
        }

        foreach (var c in text)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
            {
                return null;
            }
        }

        var buffer = new byte[Base64Url.GetMaxDecodedLength(text.Length)];
        if (Base64Url.DecodeFromChars(text, buffer, out var consumed, out var written) != OperationStatus.Done || consumed != text.Length)
        {
            return null;
        }

        return buffer.Length == written ? buffer : buffer[..written];
    }
}

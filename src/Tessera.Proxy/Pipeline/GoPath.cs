using System.Text;

namespace Tessera.Proxy.Pipeline;

/// <summary>Go's <c>url.PathEscape</c>-for-paths (<c>URL.EscapedPath</c> of a path it built): letters, digits, <c>-_.~$&amp;+,/:;=@</c> stay, every other byte is <c>%XX</c>.</summary>
internal static class GoPath
{
    /// <summary>
    /// Go's <c>URL.EscapedPath</c>: the path as the client wrote it (<paramref name="raw"/>) when that is a valid
    /// encoding of <paramref name="path"/>, so <c>%2F</c> or <c>'</c> reach the upstream as sent; else <see cref="Escape"/>.
    /// </summary>
    public static string EscapedPath(string path, string? raw)
        => raw is not null && IsValidEncoding(raw) && Rules.RequestUrl.Unescape(raw) == path ? raw : Escape(path);

    public static string Escape(string path)
    {
        var clean = true;
        foreach (var c in path)
        {
            if (!Keeps(c))
            {
                clean = false;
                break;
            }
        }

        if (clean)
        {
            return path;
        }

        var output = new StringBuilder(path.Length + 16);
        foreach (var b in Encoding.UTF8.GetBytes(path))
        {
            if (b < 0x80 && Keeps((char)b))
            {
                output.Append((char)b);
            }
            else
            {
                output.Append('%').Append("0123456789ABCDEF"[b >> 4]).Append("0123456789ABCDEF"[b & 15]);
            }
        }

        return output.ToString();
    }

    /// <summary>Go's <c>validEncoded</c> for paths: what <see cref="Escape"/> keeps, the other sub-delimiters, brackets and <c>%</c>.</summary>
    private static bool IsValidEncoding(string raw)
    {
        foreach (var c in raw)
        {
            if (!Keeps(c) && c is not ('!' or '\'' or '(' or ')' or '*' or '[' or ']' or '%'))
            {
                return false;
            }
        }

        return true;
    }

    private static bool Keeps(char c) => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '~' or '$' or '&' or '+' or ',' or '/' or ':' or ';' or '=' or '@';
}

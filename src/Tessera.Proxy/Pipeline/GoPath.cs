using System.Text;

namespace Tessera.Proxy.Pipeline;

/// <summary>Go's <c>url.PathEscape</c>-for-paths (<c>URL.EscapedPath</c> of a path it built): letters, digits, <c>-_.~$&amp;+,/:;=@</c> stay, every other byte is <c>%XX</c>.</summary>
internal static class GoPath
{
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

    private static bool Keeps(char c) => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '~' or '$' or '&' or '+' or ',' or '/' or ':' or ';' or '=' or '@';
}

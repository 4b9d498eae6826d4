using System.Text;
using System.Text.RegularExpressions;

namespace Tessera.Platform.Outbound;

/// <summary>
/// The URLs exempt from the private-range rule (Hydra's <c>clients.http.private_ip_exception_urls</c>).
/// A URL is matched as written, case-sensitively, without its query and fragment. As in Hydra, an entry
/// may be a glob: <c>*</c> stands for any run of characters without <c>.</c> or <c>/</c>, <c>**</c> for
/// any run at all, <c>?</c> for one character other than <c>.</c> or <c>/</c>; <c>\</c> makes the next
/// character literal. An entry without these characters matches only itself.
/// </summary>
internal sealed class ExceptionUrls
{
    private readonly Regex? pattern;

    public ExceptionUrls(IReadOnlyList<string> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        if (entries.Count > 0)
        {
            pattern = new Regex(
                "^(?:" + string.Join('|', entries.Select(Translate)) + ")$",
                RegexOptions.CultureInvariant | RegexOptions.Singleline,
                TimeSpan.FromMilliseconds(100));
        }
    }

    /// <summary>True when <paramref name="url"/> (as written) is exempt.</summary>
    public bool Contains(string url)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (pattern is null)
        {
            return false;
        }

        var end = url.IndexOfAny(['?', '#']);
        try
        {
            return pattern.IsMatch(end < 0 ? url : url[..end]);
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }
    }

    private static string Translate(string glob)
    {
        var regex = new StringBuilder();
        for (var i = 0; i < glob.Length; i++)
        {
            switch (glob[i])
            {
                case '*' when i + 1 < glob.Length && glob[i + 1] == '*':
                    regex.Append(".*");
                    i++;
                    break;
                case '*':
                    regex.Append("[^./]*");
                    break;
                case '?':
                    regex.Append("[^./]");
                    break;
                case '\\' when i + 1 < glob.Length:
                    regex.Append(Regex.Escape(glob[++i].ToString()));
                    break;
                default:
                    regex.Append(Regex.Escape(glob[i].ToString()));
                    break;
            }
        }

        return regex.ToString();
    }
}

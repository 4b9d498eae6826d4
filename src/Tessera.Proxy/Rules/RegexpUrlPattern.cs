using System.Text;
using System.Text.RegularExpressions;

namespace Tessera.Proxy.Rules;

/// <summary>
/// Oathkeeper's <c>regexp</c> strategy (ladon's compiler on dlclark/regexp2, a port of .NET's engine):
/// literal text is escaped, each <c>&lt;…&gt;</c> becomes a capture group, and the whole is anchored
/// (<c>^…$</c>) on the URL. Each expression must compile on its own, as ladon checks.
/// </summary>
internal sealed class RegexpUrlPattern : IUrlPattern
{
    /// <summary>A pathological expression fails its request instead of holding a thread.</summary>
    private static readonly TimeSpan MatchTimeout = TimeSpan.FromSeconds(1);

    private readonly Regex regex;

    private RegexpUrlPattern(Regex regex) => this.regex = regex;

    public static RegexpUrlPattern Compile(string pattern)
    {
        var parts = PatternDelimiters.Split(pattern);
        var text = new StringBuilder("^");
        for (var i = 0; i < parts.Count; i++)
        {
            if (i % 2 == 0)
            {
                text.Append(Regex.Escape(parts[i]));
                continue;
            }

            Build("^" + parts[i] + "$", pattern);
            text.Append('(').Append(parts[i]).Append(')');
        }

        return new RegexpUrlPattern(Build(text.Append('$').ToString(), pattern));
    }

    public bool IsMatch(string url) => regex.IsMatch(url);

    public IReadOnlyList<string> Captures(string url)
    {
        var match = regex.Match(url);
        if (!match.Success)
        {
            return [];
        }

        var groups = new string[match.Groups.Count - 1];
        for (var i = 1; i < match.Groups.Count; i++)
        {
            groups[i - 1] = match.Groups[i].Value;
        }

        return groups;
    }

    private static Regex Build(string expression, string pattern)
    {
        try
        {
            return new Regex(expression, RegexOptions.CultureInvariant, MatchTimeout);
        }
        catch (ArgumentException e)
        {
            throw new RulePatternException($"\"{pattern}\" is not a valid regular expression pattern: {e.Message}");
        }
    }
}

using System.Text;
using System.Text.RegularExpressions;

namespace Tessera.Proxy.Rules;

/// <summary>
/// Oathkeeper's <c>glob</c> strategy: literal text is quoted, each <c>&lt;…&gt;</c> is a gobwas/glob
/// pattern, and the whole must match the whole URL with <c>.</c> and <c>/</c> as separators:
/// <c>*</c> is any run of non-separators, <c>**</c> any run, <c>?</c> one non-separator,
/// <c>[abc]</c>, <c>[!abc]</c>, <c>[a-z]</c>, <c>[!a-z]</c> one character of (not of) the class,
/// <c>{a,b}</c> either pattern, <c>\c</c> the character c. Translated once into an anchored .NET
/// regular expression.
/// </summary>
internal sealed class GlobUrlPattern : IUrlPattern
{
    private const string NotSeparator = "[^./]";

    private readonly Regex? regex;

    // The common shape "literal<*>" or "literal<**>" is matched without a regular expression.
    private readonly string? literal;
    private readonly bool anyTail;

    private GlobUrlPattern(Regex regex) => this.regex = regex;

    private GlobUrlPattern(string literal, bool anyTail)
    {
        this.literal = literal;
        this.anyTail = anyTail;
    }

    public static GlobUrlPattern Compile(string pattern)
    {
        var parts = PatternDelimiters.Split(pattern);
        if (parts.Count is 2 or 3 && parts[1] is "*" or "**" && (parts.Count == 2 || parts[2].Length == 0))
        {
            return new GlobUrlPattern(parts[0], anyTail: parts[1] == "**");
        }

        var text = new StringBuilder(@"\A");
        for (var i = 0; i < parts.Count; i++)
        {
            if (i % 2 == 0)
            {
                text.Append(Regex.Escape(parts[i]));
            }
            else
            {
                Translate(parts[i], pattern, text);
            }
        }

        text.Append(@"\z");
        return new GlobUrlPattern(new Regex(text.ToString(), RegexOptions.CultureInvariant | RegexOptions.Singleline | RegexOptions.ExplicitCapture));
    }

    public bool IsMatch(string url)
        => regex?.IsMatch(url)
            ?? (url.StartsWith(literal!, StringComparison.Ordinal) && (anyTail || url.AsSpan(literal!.Length).IndexOfAny('.', '/') < 0));

    public IReadOnlyList<string> Captures(string url) => [];

    private static void Translate(string glob, string pattern, StringBuilder regex)
    {
        var termsLevel = 0;
        for (var i = 0; i < glob.Length; i++)
        {
            var c = glob[i];
            switch (c)
            {
                case '\\':
                    if (++i >= glob.Length)
                    {
                        throw Invalid(pattern, "a '\\' ends the glob");
                    }

                    regex.Append(Regex.Escape(glob[i].ToString()));
                    break;
                case '*' when i + 1 < glob.Length && glob[i + 1] == '*':
                    regex.Append(".*");
                    i++;
                    break;
                case '*':
                    regex.Append(NotSeparator).Append('*');
                    break;
                case '?':
                    regex.Append(NotSeparator);
                    break;
                case '[':
                    i = TranslateClass(glob, i, pattern, regex);
                    break;
                case '{':
                    termsLevel++;
                    regex.Append("(?:");
                    break;
                case ',' when termsLevel > 0:
                    regex.Append('|');
                    break;
                case '}' when termsLevel > 0:
                    termsLevel--;
                    regex.Append(')');
                    break;
                default:
                    regex.Append(Regex.Escape(c.ToString()));
                    break;
            }
        }

        if (termsLevel != 0)
        {
            throw Invalid(pattern, "a '{' is not closed");
        }
    }

    /// <summary><c>[…]</c> from <paramref name="open"/>: a negation <c>!</c>, then one range <c>lo-hi</c> or a list of characters; returns the index of <c>]</c>.</summary>
    private static int TranslateClass(string glob, int open, string pattern, StringBuilder regex)
    {
        var i = open + 1;
        var negate = i < glob.Length && glob[i] == '!';
        if (negate)
        {
            i++;
        }

        var members = new StringBuilder();
        if (i + 2 < glob.Length && glob[i + 1] == '-' && glob[i + 2] != ']')
        {
            if (glob[i + 2] < glob[i])
            {
                throw Invalid(pattern, $"the range {glob[i]}-{glob[i + 2]} is reversed");
            }

            members.Append(EscapeInClass(glob[i])).Append('-').Append(EscapeInClass(glob[i + 2]));
            i += 3;
        }
        else
        {
            for (; i < glob.Length && glob[i] != ']'; i++)
            {
                if (glob[i] == '\\' && i + 1 < glob.Length)
                {
                    i++;
                }

                members.Append(EscapeInClass(glob[i]));
            }
        }

        if (i >= glob.Length || glob[i] != ']')
        {
            throw Invalid(pattern, "a '[' is not closed by ']'");
        }

        if (members.Length == 0)
        {
            throw Invalid(pattern, "a character class is empty");
        }

        regex.Append('[').Append(negate ? "^" : "").Append(members).Append(']');
        return i;
    }

    private static string EscapeInClass(char c) => c is '\\' or ']' or '[' or '^' or '-' ? "\\" + c : c.ToString();

    private static RulePatternException Invalid(string pattern, string why) => new($"\"{pattern}\" is not a valid glob pattern: {why}");
}

using System.Text;
using System.Text.RegularExpressions;

namespace Tessera.Platform.Schema;

/// <summary>
/// ECMA-262 patterns on .NET's engine: <c>\d</c> and <c>\w</c> are ASCII-only in ECMA-262 but Unicode
/// in .NET, so they are rewritten; matching is unanchored and time-limited against hostile patterns.
/// </summary>
internal static class SchemaRegex
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(1);

    public static Regex Compile(string pattern)
        => new(Translate(pattern), RegexOptions.CultureInvariant, Timeout);

    public static bool TryCompile(string pattern, out Regex? regex)
    {
        try
        {
            regex = Compile(pattern);
            return true;
        }
        catch (ArgumentException)
        {
            regex = null;
            return false;
        }
    }

    public static bool IsMatch(Regex regex, string input)
    {
        try
        {
            return regex.IsMatch(input);
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }
    }

    // ECMA-262 accepts long general-category names; .NET only the short ones.
    private static readonly Dictionary<string, string> UnicodeCategories = new(StringComparer.Ordinal)
    {
        ["Letter"] = "L", ["Lowercase_Letter"] = "Ll", ["Uppercase_Letter"] = "Lu", ["Titlecase_Letter"] = "Lt",
        ["Modifier_Letter"] = "Lm", ["Other_Letter"] = "Lo", ["Mark"] = "M", ["Nonspacing_Mark"] = "Mn",
        ["Spacing_Mark"] = "Mc", ["Enclosing_Mark"] = "Me", ["Number"] = "N", ["Decimal_Number"] = "Nd", ["digit"] = "Nd",
        ["Letter_Number"] = "Nl", ["Other_Number"] = "No", ["Punctuation"] = "P", ["Symbol"] = "S",
        ["Separator"] = "Z", ["Space_Separator"] = "Zs", ["Other"] = "C", ["Control"] = "Cc",
    };

    private static string Translate(string pattern)
    {
        var result = new StringBuilder(pattern.Length + 16);
        var inClass = false;
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '\\' && i + 1 < pattern.Length)
            {
                var next = pattern[++i];
                if (next is 'p' or 'P' && i + 1 < pattern.Length && pattern[i + 1] == '{')
                {
                    var close = pattern.IndexOf('}', i + 2);
                    if (close > 0)
                    {
                        var name = pattern[(i + 2)..close];
                        result.Append('\\').Append(next).Append('{').Append(UnicodeCategories.GetValueOrDefault(name, name)).Append('}');
                        i = close;
                        continue;
                    }
                }

                result.Append(next switch
                {
                    'd' => inClass ? "0-9" : "[0-9]",
                    'D' => inClass ? @"\x00-/:-\uFFFF" : "[^0-9]",
                    'w' => inClass ? "a-zA-Z0-9_" : "[a-zA-Z0-9_]",
                    'W' => inClass ? @"\x00-/:-@\[-^`{-\uFFFF" : "[^a-zA-Z0-9_]",
                    _ => "\\" + next,
                });
                continue;
            }

            if (c == '[' && !inClass)
            {
                inClass = true;
            }
            else if (c == ']' && inClass)
            {
                inClass = false;
            }

            result.Append(c);
        }

        return result.ToString();
    }
}

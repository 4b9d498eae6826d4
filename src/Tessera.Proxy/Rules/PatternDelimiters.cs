namespace Tessera.Proxy.Rules;

/// <summary>
/// Splits a <c>match.url</c> at its top-level <c>&lt;…&gt;</c> pairs, as Oathkeeper (ladon's compiler)
/// does: nested pairs belong to the outer one, and an unbalanced pattern is an error.
/// </summary>
internal static class PatternDelimiters
{
    public const char Start = '<';
    public const char End = '>';

    /// <summary>The pattern as alternating parts: literal text, then a delimited expression (without its delimiters), and so on; the list starts and ends with literal text (possibly empty).</summary>
    public static List<string> Split(string pattern)
    {
        var parts = new List<string>();
        var level = 0;
        var literalStart = 0;
        var expressionStart = 0;
        for (var i = 0; i < pattern.Length; i++)
        {
            if (pattern[i] == Start && ++level == 1)
            {
                parts.Add(pattern[literalStart..i]);
                expressionStart = i + 1;
            }
            else if (pattern[i] == End)
            {
                level--;
                if (level == 0)
                {
                    parts.Add(pattern[expressionStart..i]);
                    literalStart = i + 1;
                }
                else if (level < 0)
                {
                    throw new RulePatternException($"unbalanced '<' and '>' in \"{pattern}\"");
                }
            }
        }

        if (level != 0)
        {
            throw new RulePatternException($"unbalanced '<' and '>' in \"{pattern}\"");
        }

        parts.Add(pattern[literalStart..]);
        return parts;
    }

    /// <summary>The literal text before the first <c>&lt;</c>: every URL the pattern matches starts with it, whatever the strategy.</summary>
    public static string LiteralPrefix(string pattern)
    {
        var index = pattern.IndexOf(Start, StringComparison.Ordinal);
        return index < 0 ? pattern : pattern[..index];
    }
}

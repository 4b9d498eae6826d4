using System.Text;

namespace Tessera.Identity.Credentials;

/// <summary>
/// Kratos's password/identifier similarity rule (<c>DefaultPasswordValidator</c>): both are lower-cased, and the
/// password is too similar when their Levenshtein distance (over code points) is below 5 or their longest common
/// substring is more than half the password's UTF-8 length. Operands over 256 UTF-8 bytes, before or after
/// lower-casing, are not compared. The substring length follows Kratos's Go exactly: its table is indexed by
/// byte offsets, so a common run continues only across single-byte (ASCII) characters and restarts after a
/// multi-byte one. Works on the stack: no allocation per check.
/// </summary>
internal static class IdentifierSimilarity
{
    /// <summary>Kratos's <c>maxIdentifierSimilarityCheckLength</c>.</summary>
    public const int MaxLength = 256;

    private const int MinDistance = 5;
    private const float MaxSubstringShare = 0.5f;

    public static bool TooSimilar(string identifier, string password)
    {
        ArgumentNullException.ThrowIfNull(identifier);
        ArgumentNullException.ThrowIfNull(password);
        if (identifier.Length == 0 || Encoding.UTF8.GetByteCount(identifier) > MaxLength || Encoding.UTF8.GetByteCount(password) > MaxLength)
        {
            return false;
        }

        Span<Rune> left = stackalloc Rune[MaxLength];
        Span<Rune> right = stackalloc Rune[MaxLength];
        var leftCount = Lower(identifier, left, out var leftBytes);
        var rightCount = Lower(password, right, out var rightBytes);
        if (leftBytes > MaxLength || rightBytes > MaxLength)
        {
            return false;
        }

        left = left[..leftCount];
        right = right[..rightCount];
        var share = (float)LongestCommonSubstring(left, right) / rightBytes;
        return Levenshtein(left, right) < MinDistance || share > MaxSubstringShare;
    }

    /// <summary>The code points of the lower-cased text (Go's <c>strings.ToLower</c>: simple case mapping per code point) and its UTF-8 length.</summary>
    private static int Lower(string text, Span<Rune> runes, out int utf8Bytes)
    {
        var count = 0;
        utf8Bytes = 0;
        foreach (var rune in text.EnumerateRunes())
        {
            var lower = Rune.ToLowerInvariant(rune);
            runes[count++] = lower;
            utf8Bytes += lower.Utf8SequenceLength;
        }

        return count;
    }

    /// <summary>The edit distance over code points (the Go module Kratos uses, <c>arbovm/levenshtein</c>, computes the same).</summary>
    internal static int Levenshtein(ReadOnlySpan<Rune> a, ReadOnlySpan<Rune> b)
    {
        Span<int> column = stackalloc int[a.Length + 1];
        for (var y = 0; y <= a.Length; y++)
        {
            column[y] = y;
        }

        for (var x = 1; x <= b.Length; x++)
        {
            column[0] = x;
            var diagonal = x - 1;
            for (var y = 1; y <= a.Length; y++)
            {
                var above = column[y];
                var cost = a[y - 1] == b[x - 1] ? 0 : 1;
                column[y] = Math.Min(Math.Min(column[y] + 1, column[y - 1] + 1), diagonal + cost);
                diagonal = above;
            }
        }

        return column[a.Length];
    }

    /// <summary>
    /// Kratos's <c>lcsLength</c>. In Go, <c>lengths[(i-1)*len(b)+j-1]</c> with byte offsets i, j holds a run only when
    /// a character starts at both i-1 and j-1, that is when both previous characters are one byte long.
    /// </summary>
    internal static int LongestCommonSubstring(ReadOnlySpan<Rune> a, ReadOnlySpan<Rune> b)
    {
        Span<int> previous = stackalloc int[b.Length];
        Span<int> current = stackalloc int[b.Length];
        previous.Clear();
        var greatest = 0;
        for (var p = 0; p < a.Length; p++)
        {
            current.Clear();
            for (var q = 0; q < b.Length; q++)
            {
                if (a[p] != b[q])
                {
                    continue;
                }

                var run = p > 0 && q > 0 && a[p - 1].Utf8SequenceLength == 1 && b[q - 1].Utf8SequenceLength == 1 ? previous[q - 1] + 1 : 1;
                current[q] = run;
                greatest = Math.Max(greatest, run);
            }

            var swap = previous;
            previous = current;
            current = swap;
        }

        return greatest;
    }
}

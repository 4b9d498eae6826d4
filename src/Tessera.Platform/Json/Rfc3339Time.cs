using System.Globalization;

namespace Tessera.Platform.Json;

/// <summary>
/// The RFC 3339 form Ory's APIs write times in: UTC, <c>yyyy-MM-ddTHH:mm:ss</c>, a fraction of up to six digits
/// without trailing zeros (none when zero), <c>Z</c> — what the format <c>yyyy-MM-ddTHH:mm:ss.FFFFFFZ</c> gives,
/// written and read by hand because the general formatter and parser cost more than whole hot paths (whoami).
/// </summary>
public static class Rfc3339Time
{
    /// <summary>The longest text <see cref="Format(DateTimeOffset, Span{char})"/> writes.</summary>
    public const int MaxLength = 27;

    public static string Format(DateTimeOffset value)
    {
        Span<char> text = stackalloc char[MaxLength];
        return new string(text[..Format(value, text)]);
    }

    /// <summary>Writes <paramref name="value"/> into <paramref name="text"/> (at least <see cref="MaxLength"/> long); the length written.</summary>
    public static int Format(DateTimeOffset value, Span<char> text)
    {
        var utc = value.UtcDateTime;
        if (utc.Year > 9999 || text.Length < MaxLength)
        {
            utc.TryFormat(text, out var written, "yyyy-MM-ddTHH:mm:ss.FFFFFFZ", CultureInfo.InvariantCulture);
            return written;
        }

        Put(text, 0, utc.Year, 4);
        text[4] = '-';
        Put(text, 5, utc.Month, 2);
        text[7] = '-';
        Put(text, 8, utc.Day, 2);
        text[10] = 'T';
        Put(text, 11, utc.Hour, 2);
        text[13] = ':';
        Put(text, 14, utc.Minute, 2);
        text[16] = ':';
        Put(text, 17, utc.Second, 2);
        var length = 19;
        var micros = (int)(utc.Ticks % TimeSpan.TicksPerSecond / 10);
        if (micros != 0)
        {
            var digits = 6;
            while (micros % 10 == 0)
            {
                micros /= 10;
                digits--;
            }

            text[19] = '.';
            Put(text, 20, micros, digits);
            length = 20 + digits;
        }

        text[length] = 'Z';
        return length + 1;
    }

    /// <summary>
    /// Reads an RFC 3339 time: the form <see cref="Format(DateTimeOffset)"/> writes (any fraction up to seven digits)
    /// directly, any other offset or form through the general parser.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<char> text, out DateTimeOffset value)
    {
        if (TryParseUtc(text, out value))
        {
            return true;
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out value);
    }

    private static bool TryParseUtc(ReadOnlySpan<char> text, out DateTimeOffset value)
    {
        value = default;
        if (text.Length < 20 || text.Length > 28 || text[^1] is not ('Z' or 'z') || text[4] != '-' || text[7] != '-' || text[10] is not ('T' or 't')
            || text[13] != ':' || text[16] != ':')
        {
            return false;
        }

        if (!Digits(text.Slice(0, 4), out var year) || !Digits(text.Slice(5, 2), out var month) || !Digits(text.Slice(8, 2), out var day)
            || !Digits(text.Slice(11, 2), out var hour) || !Digits(text.Slice(14, 2), out var minute) || !Digits(text.Slice(17, 2), out var second)
            || year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 59)
        {
            return false;
        }

        long ticks = 0;
        if (text.Length > 20)
        {
            var fraction = text[20..^1];
            if (text[19] != '.' || fraction.Length is 0 or > 7 || !Digits(fraction, out var digits))
            {
                return false;
            }

            ticks = digits;
            for (var i = fraction.Length; i < 7; i++)
            {
                ticks *= 10;
            }
        }
        else if (text[19] is not ('Z' or 'z'))
        {
            return false;
        }

        value = new DateTimeOffset(year, month, day, hour, minute, second, TimeSpan.Zero).AddTicks(ticks);
        return true;
    }

    private static void Put(Span<char> text, int start, int number, int digits)
    {
        for (var i = start + digits - 1; i >= start; i--)
        {
            text[i] = (char)('0' + (number % 10));
            number /= 10;
        }
    }

    private static bool Digits(ReadOnlySpan<char> text, out int value)
    {
        value = 0;
        foreach (var c in text)
        {
            var digit = c - '0';
            if ((uint)digit > 9)
            {
                return false;
            }

            value = (value * 10) + digit;
        }

        return true;
    }
}

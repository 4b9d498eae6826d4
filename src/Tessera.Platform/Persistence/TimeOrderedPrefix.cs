using System.Globalization;

namespace Tessera.Platform.Persistence;

/// <summary>
/// The start of an indexed key that should sort by creation time (a token's stored signature, a
/// grant's request id): Unix milliseconds as 12 lowercase hex digits. New keys then land on the last
/// pages of their index instead of on a random page each.
/// </summary>
public static class TimeOrderedPrefix
{
    public const int Length = 12;

    public static string Of(DateTimeOffset time) => time.ToUnixTimeMilliseconds().ToString("x12", CultureInfo.InvariantCulture);
}

using System.Globalization;
using Tessera.Platform.Json;

namespace Tessera.Platform.Tests.Json;

/// <summary>The hand-written RFC 3339 form must write exactly what .NET's "yyyy-MM-ddTHH:mm:ss.FFFFFFZ" writes and read it back.</summary>
public sealed class Rfc3339TimeTests
{
    private const string Reference = "yyyy-MM-ddTHH:mm:ss.FFFFFFZ";

    [Theory]
    [InlineData("2026-12-07T12:55:47.666901Z")]
    [InlineData("2026-12-07T12:55:47.6669Z")]
    [InlineData("2026-12-07T12:55:47Z")]
    [InlineData("0001-01-01T00:00:00Z")]
    [InlineData("9999-12-31T23:59:59.999999Z")]
    [InlineData("2024-02-29T00:00:00.000001Z")]
    public void Writes_what_the_reference_format_writes_and_reads_it_back(string text)
    {
        var value = DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);
        Assert.Equal(value.UtcDateTime.ToString(Reference, CultureInfo.InvariantCulture), Rfc3339Time.Format(value));
        Assert.True(Rfc3339Time.TryParse(Rfc3339Time.Format(value), out var back));
        Assert.Equal(value, back);
    }

    [Fact]
    public void Random_instants_match_the_reference_format()
    {
        var random = new Random(7);
        for (var i = 0; i < 5000; i++)
        {
            var value = new DateTimeOffset(random.NextInt64(DateTime.MinValue.Ticks, DateTime.MaxValue.Ticks), TimeSpan.Zero);
            Assert.Equal(value.UtcDateTime.ToString(Reference, CultureInfo.InvariantCulture), Rfc3339Time.Format(value));
        }
    }

    [Fact]
    public void Sub_microsecond_ticks_are_cut_as_the_reference_cuts_them()
    {
        var value = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero).AddTicks(1_234_567);
        Assert.Equal("2026-01-02T03:04:05.123456Z", Rfc3339Time.Format(value));
        Assert.True(Rfc3339Time.TryParse("2026-01-02T03:04:05.1234567Z", out var seven));
        Assert.Equal(value, seven);
    }

    [Theory]
    [InlineData("2026-12-07T12:55:47+02:00", "2026-12-07T10:55:47Z")]
    [InlineData("2026-12-07T12:55:47.5-01:30", "2026-12-07T14:25:47.5Z")]
    public void Other_offsets_are_read_by_the_general_parser(string text, string utc)
    {
        Assert.True(Rfc3339Time.TryParse(text, out var value));
        Assert.Equal(utc, Rfc3339Time.Format(value));
    }

    [Theory]
    [InlineData("")]
    [InlineData("2026-13-07T12:55:47Z")]
    [InlineData("2026-02-30T12:55:47Z")]
    [InlineData("2026-12-07T24:00:00Z")]
    [InlineData("2026-12-07T12:55:47.Z")]
    [InlineData("not a time")]
    public void Malformed_times_are_refused(string text) => Assert.False(Rfc3339Time.TryParse(text, out _));
}

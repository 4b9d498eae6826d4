using System.Globalization;
using System.Text.RegularExpressions;
using Prometheus;
using Tessera.Identity.Credentials;

namespace Tessera.Identity.Tests.Credentials;

public sealed partial class PasswordVerifyMetricsTests
{
    [Fact]
    public async Task Each_verification_is_observed_and_its_answer_kept()
    {
        var hash = BCrypt.Net.BCrypt.HashPassword("right", 4);
        var before = await CountAsync();
        Assert.True(PasswordVerifyMetrics.Verify(hash, "right"));
        Assert.False(PasswordVerifyMetrics.Verify(hash, "wrong"));
        Assert.True(await CountAsync() >= before + 2);
    }

    private static async Task<double> CountAsync()
    {
        using var stream = new MemoryStream();
        await Metrics.DefaultRegistry.CollectAndExportAsTextAsync(stream);
        var text = System.Text.Encoding.UTF8.GetString(stream.ToArray());
        var match = CountLine().Match(text);
        return match.Success ? double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
    }

    [GeneratedRegex(@"^tessera_identity_password_verify_seconds_count\s+(\S+)", RegexOptions.Multiline)]
    private static partial Regex CountLine();
}

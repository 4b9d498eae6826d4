using System.Diagnostics;
using Prometheus;

namespace Tessera.Identity.Credentials;

/// <summary>
/// <c>tessera_identity_password_verify_seconds</c>: the time logins spend verifying a password hash (the dummy
/// verification of an unknown identifier included), so an operator sees what the hasher costs and a benchmark can
/// set a login's time against the bare verification in the same process.
/// </summary>
internal static class PasswordVerifyMetrics
{
    private static readonly Histogram Duration = Metrics.CreateHistogram(
        "tessera_identity_password_verify_seconds", "Time spent verifying a password hash during a login.",
        new HistogramConfiguration { Buckets = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.2, 0.3, 0.5, 1, 2.5] });

    public static bool Verify(string storedHash, string password)
    {
        var started = Stopwatch.GetTimestamp();
        var matches = PasswordHashes.Verify(storedHash, password);
        Duration.Observe(Stopwatch.GetElapsedTime(started).TotalSeconds);
        return matches;
    }
}

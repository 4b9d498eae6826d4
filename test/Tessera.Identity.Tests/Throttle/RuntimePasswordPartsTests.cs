using Tessera.Identity.Credentials;

namespace Tessera.Identity.Tests.Throttle;

/// <summary>The started runtime hands the flows a policy and a throttle configured from the service's config.</summary>
public sealed class RuntimePasswordPartsTests
{
    [Fact]
    public async Task The_runtime_builds_the_policy_and_the_throttle_from_its_config()
    {
        await using var started = await IdentityTestRuntime.StartAsync(new Dictionary<string, string>
        {
            ["selfservice.methods.password.config.min_password_length"] = "10",
            ["selfservice.methods.password.config.login_throttle.max_attempts"] = "2",
            ["hashers.algorithm"] = "argon2",
        });
        var runtime = started.Runtime;
        Assert.Equal(PasswordPolicyViolation.MinLengthId, runtime.PasswordPolicy.Validate("", "9-chars-x")!.Id);
        Assert.Null(runtime.PasswordPolicy.Options.MaxPasswordBytes);

        var now = DateTimeOffset.FromUnixTimeMilliseconds(started.Time.GetUtcNow().ToUnixTimeMilliseconds());
        await runtime.LoginThrottle.RecordFailureAsync("jo@example.com", "192.0.2.1", now, CancellationToken.None);
        Assert.True((await runtime.LoginThrottle.CheckAsync("jo@example.com", "192.0.2.1", now, CancellationToken.None)).Allowed);
        await runtime.LoginThrottle.RecordFailureAsync("jo@example.com", "192.0.2.1", now, CancellationToken.None);
        var decision = await runtime.LoginThrottle.CheckAsync("jo@example.com", "192.0.2.1", now, CancellationToken.None);
        Assert.False(decision.Allowed);
        Assert.Equal(now.AddSeconds(1), decision.RetryAt);
    }
}

using Tessera.Identity.Storage;
using Tessera.Identity.Tests.Credentials;
using Tessera.Identity.Throttle;

namespace Tessera.Identity.Tests.Throttle;

public sealed class LoginThrottleOptionsTests
{
    [Fact]
    public void Keys_under_login_throttle_with_their_defaults()
    {
        Assert.Equal(new LoginThrottleOptions(), LoginThrottleOptions.FromConfig(PasswordPolicyTests.Load([])));
        var set = LoginThrottleOptions.FromConfig(PasswordPolicyTests.Load(new()
        {
            ["selfservice.methods.password.config.login_throttle.enabled"] = "false",
            ["selfservice.methods.password.config.login_throttle.max_attempts"] = "4",
            ["selfservice.methods.password.config.login_throttle.identifier_max_attempts"] = "40",
            ["selfservice.methods.password.config.login_throttle.address_max_attempts"] = "400",
            ["selfservice.methods.password.config.login_throttle.window"] = "1h",
            ["selfservice.methods.password.config.login_throttle.base_delay"] = "2s",
            ["selfservice.methods.password.config.login_throttle.max_delay"] = "5m",
        }));
        Assert.Equal(new LoginThrottleOptions
        {
            Enabled = false, MaxAttempts = 4, IdentifierMaxAttempts = 40, AddressMaxAttempts = 400,
            Window = TimeSpan.FromHours(1), BaseDelay = TimeSpan.FromSeconds(2), MaxDelay = TimeSpan.FromMinutes(5),
        }, set);
    }

    [Fact]
    public void The_delay_doubles_and_stops_at_the_cap()
    {
        var throttle = new LoginThrottle(new LoginThrottleStore(null!), new LoginThrottleOptions(), TimeProvider.System);
        Assert.Equal(TimeSpan.FromSeconds(1), throttle.Delay(0));
        Assert.Equal(TimeSpan.FromSeconds(8), throttle.Delay(3));
        Assert.Equal(TimeSpan.FromSeconds(512), throttle.Delay(9));
        Assert.Equal(TimeSpan.FromMinutes(15), throttle.Delay(10));
        Assert.Equal(TimeSpan.FromMinutes(15), throttle.Delay(int.MaxValue));
    }

    [Theory]
    [InlineData("203.0.113.7", "203.0.113.7")]
    [InlineData("::ffff:203.0.113.7", "203.0.113.7")]
    [InlineData("2001:db8:1:2:3:4:5:6", "2001:db8:1:2::/64")]
    [InlineData("2001:DB8:1:2::ffff", "2001:db8:1:2::/64")]
    [InlineData(" Not-An-IP ", "not-an-ip")]
    public void Addresses_are_normalised_and_IPv6_counted_per_64(string address, string normalised)
        => Assert.Equal(normalised, ThrottleKeys.Normalize(address));

    [Fact]
    public void Keys_are_digests_of_the_lower_cased_identifier()
    {
        Assert.Equal(ThrottleKeys.Identifier("Alice@Example.com "), ThrottleKeys.Identifier("alice@example.com"));
        Assert.Equal(64, ThrottleKeys.Identifier("alice@example.com").Length);
        Assert.DoesNotContain("alice", ThrottleKeys.Identifier("alice@example.com"), StringComparison.Ordinal);
        Assert.NotEqual(ThrottleKeys.Identifier("203.0.113.7"), ThrottleKeys.Address("203.0.113.7"));
    }

    [Theory]
    [InlineData("selfservice.methods.password.config.login_throttle.max_attempts", "0")]
    [InlineData("selfservice.methods.password.config.login_throttle.window", "soon")]
    [InlineData("selfservice.methods.password.config.login_throttle.other", "1")]
    public void The_schema_refuses_bad_values(string key, string value)
        => Assert.ThrowsAny<Exception>(() => PasswordPolicyTests.Load(new() { [key] = value }));

}

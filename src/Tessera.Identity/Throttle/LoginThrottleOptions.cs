using Tessera.Platform.Configuration;

namespace Tessera.Identity.Throttle;

/// <summary>
/// <c>selfservice.methods.password.config.login_throttle</c>, a Tessera extension (Kratos has no such keys):
/// how many failures each counter allows before attempts wait, and how the wait grows.
/// </summary>
internal sealed record LoginThrottleOptions
{
    private const string Prefix = "selfservice.methods.password.config.login_throttle.";

    public bool Enabled { get; init; } = true;

    /// <summary><c>max_attempts</c>: failures of one identifier from one address before attempts wait.</summary>
    public int MaxAttempts { get; init; } = 5;

    /// <summary><c>identifier_max_attempts</c>: failures of one identifier from every address before attempts from addresses it has not logged in from wait.</summary>
    public int IdentifierMaxAttempts { get; init; } = 20;

    /// <summary><c>address_max_attempts</c>: failures from one address, whatever the identifier, before its attempts wait.</summary>
    public int AddressMaxAttempts { get; init; } = 100;

    /// <summary><c>window</c>: a counter is forgotten once no failure has followed for this long (or for <see cref="MaxDelay"/>, if longer).</summary>
    public TimeSpan Window { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary><c>base_delay</c>: the wait after the threshold's failure; each further failure doubles it.</summary>
    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary><c>max_delay</c>: the longest wait.</summary>
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>How long an address an identifier logged in from stays exempt from the identifier's own ceiling.</summary>
    public TimeSpan KnownAddressLifespan { get; init; } = TimeSpan.FromDays(30);

    /// <summary>How long after its last failure a counter is forgotten: the longer of the window and the longest wait.</summary>
    public TimeSpan Horizon => Window > MaxDelay ? Window : MaxDelay;

    public static LoginThrottleOptions FromConfig(ConfigSnapshot config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var defaults = new LoginThrottleOptions();
        return new LoginThrottleOptions
        {
            Enabled = config.GetBool(Prefix + "enabled") ?? defaults.Enabled,
            MaxAttempts = config.GetInt(Prefix + "max_attempts") ?? defaults.MaxAttempts,
            IdentifierMaxAttempts = config.GetInt(Prefix + "identifier_max_attempts") ?? defaults.IdentifierMaxAttempts,
            AddressMaxAttempts = config.GetInt(Prefix + "address_max_attempts") ?? defaults.AddressMaxAttempts,
            Window = config.GetDuration(Prefix + "window") ?? defaults.Window,
            BaseDelay = config.GetDuration(Prefix + "base_delay") ?? defaults.BaseDelay,
            MaxDelay = config.GetDuration(Prefix + "max_delay") ?? defaults.MaxDelay,
        };
    }
}

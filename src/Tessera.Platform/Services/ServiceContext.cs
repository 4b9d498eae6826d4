using Microsoft.Extensions.Logging;
using Tessera.Platform.Configuration;
using Tessera.Platform.Outbound;
using Tessera.Platform.Persistence;

namespace Tessera.Platform.Services;

/// <summary>What a running service is given: its validated configuration, its database (if it keeps one), loggers and time.</summary>
public sealed record ServiceContext(ConfigSnapshot Config, Database? Database, ILoggerFactory Loggers, TimeProvider Time)
{
    public bool Dev => Config.GetBool("dev") ?? false;

    /// <summary>
    /// The network as outbound calls see it: every service makes its one client for URLs it is given
    /// (<see cref="OutboundNetwork.CreateClient"/>) from this, with its own options.
    /// </summary>
    internal OutboundNetwork Outbound { get; init; } = OutboundNetwork.System;
}

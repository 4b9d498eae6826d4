using Microsoft.Extensions.Logging;
using Tessera.Platform.Configuration;
using Tessera.Platform.Persistence;

namespace Tessera.Platform.Services;

/// <summary>What a running service is given: its validated configuration, its database (if it keeps one), loggers and time.</summary>
public sealed record ServiceContext(ConfigSnapshot Config, Database? Database, ILoggerFactory Loggers, TimeProvider Time)
{
    public bool Dev => Config.GetBool("dev") ?? false;
}

using Microsoft.Extensions.Logging;
using Tessera.Platform.Configuration;
using Tessera.Platform.Hosting;
using Tessera.Platform.Persistence;

namespace Tessera.Platform.Services;

/// <summary>A prepared service: its listeners, its database, its config watcher, and how long shutdown may take.</summary>
internal sealed record RunningService(IReadOnlyList<ListenerHost> Hosts, Database? Database, ConfigWatcher? Watcher, ILoggerFactory Loggers, ILogger Logger, TimeSpan ShutdownTimeout) : IAsyncDisposable
{
    public async ValueTask DisposeAsync()
    {
        if (Database is not null)
        {
            await Database.DisposeAsync();
        }

        Watcher?.Dispose();
        Loggers.Dispose();
    }
}

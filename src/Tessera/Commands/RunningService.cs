using Microsoft.Extensions.Logging;
using Tessera.Platform.Hosting;
using Tessera.Platform.Persistence;

namespace Tessera.Commands;

/// <summary>A prepared service: its listeners, its database, and how long shutdown may take.</summary>
internal sealed record RunningService(IReadOnlyList<ListenerHost> Hosts, Database? Database, ILoggerFactory Loggers, ILogger Logger, TimeSpan ShutdownTimeout) : IAsyncDisposable
{
    public async ValueTask DisposeAsync()
    {
        if (Database is not null)
        {
            await Database.DisposeAsync();
        }

        Loggers.Dispose();
    }
}

using Tessera.Platform.Persistence;
using Tessera.Testing;

namespace Tessera.Platform.Tests.Persistence;

public sealed class PostgresDatabaseTests : DatabaseSuite
{
    protected override SqlDialectKind Kind => SqlDialectKind.Postgres;

    protected override async Task<string> CreateDsnAsync()
        => await (await PostgresServer.GetAsync()).CreateDatabaseAsync(Ct);
}

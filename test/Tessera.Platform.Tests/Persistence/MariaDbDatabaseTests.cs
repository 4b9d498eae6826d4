using Tessera.Platform.Persistence;
using Tessera.Testing;

namespace Tessera.Platform.Tests.Persistence;

public sealed class MariaDbDatabaseTests : DatabaseSuite
{
    protected override SqlDialectKind Kind => SqlDialectKind.MySql;

    protected override async Task<string> CreateDsnAsync()
        => await (await MariaDbServer.GetAsync()).CreateDatabaseAsync(Ct);
}

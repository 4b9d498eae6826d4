namespace Tessera.Testing;

/// <summary>The databases every storage suite runs against (as Ory runs its persister tests on each).</summary>
public enum Backend
{
    Sqlite,
    Postgres,
    MariaDb,
}

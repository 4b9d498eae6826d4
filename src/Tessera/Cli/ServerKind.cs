namespace Tessera.Cli;

/// <summary>Which listener a CLI command talks to.</summary>
internal enum ServerKind
{
    Admin,
    Public,
}

namespace Tessera.Cli;

/// <summary><c>--format</c>: as Ory's CLIs, <c>table</c> for people and <c>json</c>/<c>json-pretty</c> for scripts.</summary>
internal enum OutputFormat
{
    Table,
    Json,
    JsonPretty,
}

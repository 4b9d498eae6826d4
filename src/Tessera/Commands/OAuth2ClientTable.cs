using Tessera.Cli;

namespace Tessera.Commands;

/// <summary>The table columns of a client, as Hydra's CLI shows them.</summary>
internal static class OAuth2ClientTable
{
    public static IReadOnlyList<TableColumn> Columns { get; } =
    [
        TableColumn.Of("CLIENT ID", "client_id"),
        TableColumn.Of("CLIENT SECRET", "client_secret"),
        TableColumn.Of("GRANT TYPES", "grant_types"),
        TableColumn.Of("RESPONSE TYPES", "response_types"),
        TableColumn.Of("SCOPE", "scope"),
        TableColumn.Of("AUDIENCE", "audience"),
        TableColumn.Of("REDIRECT URIS", "redirect_uris"),
    ];
}

using System.Text.Json.Nodes;

namespace Tessera.OAuth2.Clients;

/// <summary>
/// The outcome of <see cref="ClientValidator.Validate"/>: either the client's normalised document (every
/// field present with its default, server-set fields left out) and the secret the request chose, or an error.
/// </summary>
internal sealed record ClientValidation(JsonObject? Document, string? Secret, ClientError? Error)
{
    public static ClientValidation Fail(ClientError error) => new(null, null, error);
}

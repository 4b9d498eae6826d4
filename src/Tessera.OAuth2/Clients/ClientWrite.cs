namespace Tessera.OAuth2.Clients;

/// <summary>
/// The outcome of creating or replacing a client: the stored client with the plaintext secret and
/// registration access token to show once, or an error, or a conflict on the client id, or a JSON Patch
/// that could not be applied (<see cref="Malformed"/>: why).
/// </summary>
internal sealed record ClientWrite(OAuth2Client? Client, string? Secret, string? RegistrationToken, ClientError? Error, bool Conflict = false, string? Malformed = null)
{
    /// <summary>No client has the id (or it went away before the write).</summary>
    public static readonly ClientWrite NotFound = Fail(new ClientError("Unable to locate the resource", "", 404));

    public static ClientWrite Fail(ClientError error) => new(null, null, null, error);

    public static ClientWrite Unpatchable(string reason) => new(null, null, null, null, Malformed: reason);
}

namespace Tessera.OAuth2.Clients;

/// <summary>
/// The outcome of creating or replacing a client: the stored client with the plaintext secret and
/// registration access token to show once, or an error, or a conflict on the client id.
/// </summary>
internal sealed record ClientWrite(OAuth2Client? Client, string? Secret, string? RegistrationToken, ClientError? Error, bool Conflict = false)
{
    public static ClientWrite Fail(ClientError error) => new(null, null, null, error);
}

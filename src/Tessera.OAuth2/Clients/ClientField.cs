namespace Tessera.OAuth2.Clients;

/// <summary>
/// One field of Hydra's <c>oAuth2Client</c>. <see cref="OmitEmpty"/> fields are left out of the
/// document when empty (Go's <c>omitempty</c>), so readers see them as absent rather than "".
/// <see cref="ServerSet"/> fields are ignored in requests: the server decides them.
/// </summary>
internal sealed record ClientField(string Name, ClientFieldKind Kind, bool OmitEmpty = false, bool ServerSet = false)
{
    public const string Id = "client_id";
    public const string Secret = "client_secret";
    public const string RegistrationAccessToken = "registration_access_token";
    public const string RegistrationClientUri = "registration_client_uri";

    /// <summary>Every field in the order Hydra renders a client.</summary>
    public static readonly IReadOnlyList<ClientField> All =
    [
        new(Id, ClientFieldKind.Text, ServerSet: true),
        new("client_name", ClientFieldKind.Text),
        new("redirect_uris", ClientFieldKind.TextList),
        new("grant_types", ClientFieldKind.TextList),
        new("response_types", ClientFieldKind.TextList),
        new("scope", ClientFieldKind.Text),
        new("audience", ClientFieldKind.TextList),
        new("owner", ClientFieldKind.Text),
        new("policy_uri", ClientFieldKind.Text),
        new("allowed_cors_origins", ClientFieldKind.TextList),
        new("tos_uri", ClientFieldKind.Text),
        new("client_uri", ClientFieldKind.Text),
        new("logo_uri", ClientFieldKind.Text),
        new("contacts", ClientFieldKind.TextList),
        new("client_secret_expires_at", ClientFieldKind.Integer, ServerSet: true),
        new("subject_type", ClientFieldKind.Text),
        new("sector_identifier_uri", ClientFieldKind.Text, OmitEmpty: true),
        new("jwks_uri", ClientFieldKind.Text, OmitEmpty: true),
        new("jwks", ClientFieldKind.KeySet, OmitEmpty: true),
        new("token_endpoint_auth_method", ClientFieldKind.Text),
        new("token_endpoint_auth_signing_alg", ClientFieldKind.Text, OmitEmpty: true),
        new("request_uris", ClientFieldKind.TextList, OmitEmpty: true),
        new("request_object_signing_alg", ClientFieldKind.Text, OmitEmpty: true),
        new("userinfo_signed_response_alg", ClientFieldKind.Text),
        new("created_at", ClientFieldKind.Timestamp, ServerSet: true),
        new("updated_at", ClientFieldKind.Timestamp, ServerSet: true),
        new("frontchannel_logout_uri", ClientFieldKind.Text, OmitEmpty: true),
        new("frontchannel_logout_session_required", ClientFieldKind.Flag, OmitEmpty: true),
        new("post_logout_redirect_uris", ClientFieldKind.TextList, OmitEmpty: true),
        new("backchannel_logout_uri", ClientFieldKind.Text, OmitEmpty: true),
        new("backchannel_logout_session_required", ClientFieldKind.Flag, OmitEmpty: true),
        new("metadata", ClientFieldKind.Any, OmitEmpty: true),
        new("access_token_strategy", ClientFieldKind.Text, OmitEmpty: true),
        new("skip_consent", ClientFieldKind.Flag),
        new("skip_logout_consent", ClientFieldKind.OptionalFlag),
        .. ClientLifespans.Fields.Select(name => new ClientField(name, ClientFieldKind.Lifespan)),
    ];

    private static readonly Dictionary<string, ClientField> ByName = All.ToDictionary(f => f.Name, StringComparer.Ordinal);

    public static ClientField? Find(string name) => ByName.GetValueOrDefault(name);
}

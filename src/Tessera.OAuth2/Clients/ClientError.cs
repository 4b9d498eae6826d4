namespace Tessera.OAuth2.Clients;

/// <summary>
/// Why a client was refused, in the flat <c>{"error","error_description"}</c> shape Hydra answers client
/// validation with (fosite's RFC 7591 errors: the standard description followed by a hint naming the field).
/// </summary>
internal sealed record ClientError(string Error, string Description, int Status = 400)
{
    private const string MetadataDescription = "The value of one of the Client Metadata fields is invalid and the server has rejected this request. Note that an Authorization Server MAY choose to substitute a valid value for any requested parameter of a Client's Metadata.";
    private const string RedirectDescription = "The value of one or more redirect_uris is invalid.";

    public static ClientError InvalidMetadata(string hint) => new("invalid_client_metadata", MetadataDescription + " " + hint);

    public static ClientError InvalidRedirectUri(string hint) => new("invalid_redirect_uri", RedirectDescription + " " + hint);

    public static ClientError InvalidRequest(string description) => new("invalid_request", description);

    /// <summary>herodot's bad request, as Hydra renders it for refused choices such as a self-chosen secret.</summary>
    public static ClientError BadRequest(string reason) => new("The request was malformed or contained invalid parameters", reason);
}

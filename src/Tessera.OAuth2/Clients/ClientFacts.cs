using System.Text;
using System.Text.Json;
using Tessera.Platform.Json;

namespace Tessera.OAuth2.Clients;

/// <summary>
/// The members of a client document that the protocol reads, taken in one pass over the document's
/// UTF-8 JSON (a client is loaded on every token request). Lenient like the rest of the document
/// handling: members of the wrong type read as absent, and empty strings are dropped from lists.
/// </summary>
internal sealed class ClientFacts
{
    private static readonly string[] NoStrings = [];

    public string? Name { get; private set; }

    public string? Owner { get; private set; }

    public IReadOnlyList<string> RedirectUris { get; private set; } = NoStrings;

    public IReadOnlyList<string> PostLogoutRedirectUris { get; private set; } = NoStrings;

    public IReadOnlyList<string> GrantTypes { get; private set; } = NoStrings;

    public IReadOnlyList<string> ResponseTypes { get; private set; } = NoStrings;

    public IReadOnlyList<string> Audience { get; private set; } = NoStrings;

    public IReadOnlyList<string> AllowedCorsOrigins { get; private set; } = NoStrings;

    public string? Scope { get; private set; }

    public string? TokenEndpointAuthMethod { get; private set; }

    public string? TokenEndpointAuthSigningAlg { get; private set; }

    public string? JwksUri { get; private set; }

    public string? SubjectType { get; private set; }

    public string? SectorIdentifierUri { get; private set; }

    public string? UserinfoSignedResponseAlg { get; private set; }

    public string? FrontchannelLogoutUri { get; private set; }

    public bool FrontchannelLogoutSessionRequired { get; private set; }

    public string? BackchannelLogoutUri { get; private set; }

    public bool BackchannelLogoutSessionRequired { get; private set; }

    public bool SkipConsent { get; private set; }

    public bool SkipLogoutConsent { get; private set; }

    public string? AccessTokenStrategy { get; private set; }

    /// <summary>The per-grant lifespans (<c>…_lifespan</c> members) as written.</summary>
    public IReadOnlyDictionary<string, string> Lifespans { get; private set; } = new Dictionary<string, string>();

    public static ClientFacts Read(ReadOnlySpan<byte> json)
    {
        var facts = new ClientFacts();
        var reader = new Utf8JsonReader(json);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return facts;
        }

        Dictionary<string, string>? lifespans = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            // Names are compared as UTF-8 without making strings: a client document has dozens of members.
            var name = reader.HasValueSequence || reader.ValueIsEscaped ? Encoding.UTF8.GetBytes(reader.GetString()!) : reader.ValueSpan;
            reader.Read();
            if (name.SequenceEqual("client_name"u8)) facts.Name = JsonReaderFields.Text(ref reader);
            else if (name.SequenceEqual("owner"u8)) facts.Owner = JsonReaderFields.Text(ref reader);
            else if (name.SequenceEqual("redirect_uris"u8)) facts.RedirectUris = Strings(ref reader);
            else if (name.SequenceEqual("post_logout_redirect_uris"u8)) facts.PostLogoutRedirectUris = Strings(ref reader);
            else if (name.SequenceEqual("grant_types"u8)) facts.GrantTypes = Strings(ref reader);
            else if (name.SequenceEqual("response_types"u8)) facts.ResponseTypes = Strings(ref reader);
            else if (name.SequenceEqual("audience"u8)) facts.Audience = Strings(ref reader);
            else if (name.SequenceEqual("allowed_cors_origins"u8)) facts.AllowedCorsOrigins = Strings(ref reader);
            else if (name.SequenceEqual("scope"u8)) facts.Scope = JsonReaderFields.Text(ref reader);
            else if (name.SequenceEqual("token_endpoint_auth_method"u8)) facts.TokenEndpointAuthMethod = JsonReaderFields.Text(ref reader);
            else if (name.SequenceEqual("token_endpoint_auth_signing_alg"u8)) facts.TokenEndpointAuthSigningAlg = JsonReaderFields.Text(ref reader);
            else if (name.SequenceEqual("jwks_uri"u8)) facts.JwksUri = JsonReaderFields.Text(ref reader);
            else if (name.SequenceEqual("subject_type"u8)) facts.SubjectType = JsonReaderFields.Text(ref reader);
            else if (name.SequenceEqual("sector_identifier_uri"u8)) facts.SectorIdentifierUri = JsonReaderFields.Text(ref reader);
            else if (name.SequenceEqual("userinfo_signed_response_alg"u8)) facts.UserinfoSignedResponseAlg = JsonReaderFields.Text(ref reader);
            else if (name.SequenceEqual("frontchannel_logout_uri"u8)) facts.FrontchannelLogoutUri = JsonReaderFields.Text(ref reader);
            else if (name.SequenceEqual("frontchannel_logout_session_required"u8)) facts.FrontchannelLogoutSessionRequired = JsonReaderFields.Flag(ref reader);
            else if (name.SequenceEqual("backchannel_logout_uri"u8)) facts.BackchannelLogoutUri = JsonReaderFields.Text(ref reader);
            else if (name.SequenceEqual("backchannel_logout_session_required"u8)) facts.BackchannelLogoutSessionRequired = JsonReaderFields.Flag(ref reader);
            else if (name.SequenceEqual("skip_consent"u8)) facts.SkipConsent = JsonReaderFields.Flag(ref reader);
            else if (name.SequenceEqual("skip_logout_consent"u8)) facts.SkipLogoutConsent = JsonReaderFields.Flag(ref reader);
            else if (name.SequenceEqual("access_token_strategy"u8)) facts.AccessTokenStrategy = JsonReaderFields.Text(ref reader);
            else if (name.EndsWith("_lifespan"u8) && reader.TokenType == JsonTokenType.String)
            {
                (lifespans ??= new Dictionary<string, string>(StringComparer.Ordinal))[Encoding.UTF8.GetString(name)] = reader.GetString()!;
            }
            else
            {
                reader.Skip();
            }
        }

        if (lifespans is not null)
        {
            facts.Lifespans = lifespans;
        }

        return facts;
    }

    private static IReadOnlyList<string> Strings(ref Utf8JsonReader reader) => JsonReaderFields.Strings(ref reader, dropEmpty: true);
}

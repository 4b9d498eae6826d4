using System.Text.Json;

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
            var name = reader.GetString()!;
            reader.Read();
            switch (name)
            {
                case "client_name": facts.Name = Text(ref reader); break;
                case "owner": facts.Owner = Text(ref reader); break;
                case "redirect_uris": facts.RedirectUris = Strings(ref reader); break;
                case "post_logout_redirect_uris": facts.PostLogoutRedirectUris = Strings(ref reader); break;
                case "grant_types": facts.GrantTypes = Strings(ref reader); break;
                case "response_types": facts.ResponseTypes = Strings(ref reader); break;
                case "audience": facts.Audience = Strings(ref reader); break;
                case "allowed_cors_origins": facts.AllowedCorsOrigins = Strings(ref reader); break;
                case "scope": facts.Scope = Text(ref reader); break;
                case "token_endpoint_auth_method": facts.TokenEndpointAuthMethod = Text(ref reader); break;
                case "token_endpoint_auth_signing_alg": facts.TokenEndpointAuthSigningAlg = Text(ref reader); break;
                case "jwks_uri": facts.JwksUri = Text(ref reader); break;
                case "subject_type": facts.SubjectType = Text(ref reader); break;
                case "sector_identifier_uri": facts.SectorIdentifierUri = Text(ref reader); break;
                case "userinfo_signed_response_alg": facts.UserinfoSignedResponseAlg = Text(ref reader); break;
                case "frontchannel_logout_uri": facts.FrontchannelLogoutUri = Text(ref reader); break;
                case "frontchannel_logout_session_required": facts.FrontchannelLogoutSessionRequired = Flag(ref reader); break;
                case "backchannel_logout_uri": facts.BackchannelLogoutUri = Text(ref reader); break;
                case "backchannel_logout_session_required": facts.BackchannelLogoutSessionRequired = Flag(ref reader); break;
                case "skip_consent": facts.SkipConsent = Flag(ref reader); break;
                case "skip_logout_consent": facts.SkipLogoutConsent = Flag(ref reader); break;
                case "access_token_strategy": facts.AccessTokenStrategy = Text(ref reader); break;
                default:
                    if (name.EndsWith("_lifespan", StringComparison.Ordinal) && Text(ref reader) is { } span)
                    {
                        (lifespans ??= new Dictionary<string, string>(StringComparer.Ordinal))[name] = span;
                    }
                    else
                    {
                        reader.Skip();
                    }

                    break;
            }
        }

        if (lifespans is not null)
        {
            facts.Lifespans = lifespans;
        }

        return facts;
    }

    private static string? Text(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            return reader.GetString();
        }

        reader.Skip();
        return null;
    }

    private static bool Flag(ref Utf8JsonReader reader)
    {
        if (reader.TokenType is JsonTokenType.True or JsonTokenType.False)
        {
            return reader.GetBoolean();
        }

        reader.Skip();
        return false;
    }

    private static IReadOnlyList<string> Strings(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            reader.Skip();
            return NoStrings;
        }

        var values = new List<string>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType == JsonTokenType.String && reader.GetString() is { Length: > 0 } value)
            {
                values.Add(value);
            }
            else
            {
                reader.Skip();
            }
        }

        return values;
    }
}

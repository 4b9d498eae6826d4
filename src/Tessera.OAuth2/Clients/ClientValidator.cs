using System.Text.Json;
using System.Text.Json.Nodes;
using Tessera.Platform.Persistence;

namespace Tessera.OAuth2.Clients;

/// <summary>
/// Checks a client document as Hydra's client validator does, plus the RFC 7591 rules Hydra leaves to
/// fosite: known grant and response types that agree with each other, plain-http redirect URIs only
/// for loopback hosts outside dev mode, no URI field with a scheme a browser would run on the server's
/// origin (<see cref="BrowserTargets"/>), and a sector identifier for the pairwise clients that need
/// one (OIDC Core §8.1, which Hydra enforces only when it computes the subject). Pure: the sector
/// identifier URI is fetched by <see cref="SectorIdentifierVerifier"/>. The first problem found is returned, naming its field.
/// </summary>
internal static partial class ClientValidator
{
    public static readonly IReadOnlyList<string> AuthMethods = ["client_secret_basic", "client_secret_post", "private_key_jwt", "none"];

    public static readonly IReadOnlyList<string> GrantTypes =
    [
        "authorization_code", "implicit", "refresh_token", "client_credentials",
        "urn:ietf:params:oauth:grant-type:jwt-bearer", "urn:ietf:params:oauth:grant-type:device_code",
    ];

    private static readonly string[] SigningAlgs = ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512"];
    private static readonly string[] KeyTypes = ["RSA", "EC", "OKP", "oct"];

    public static ClientValidation Validate(JsonObject request, ClientValidationOptions options)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(options);
        if (Shape(request) is { } shapeError)
        {
            return ClientValidation.Fail(shapeError);
        }

        var secret = request[ClientField.Secret] is JsonValue s ? s.GetValue<string>() : null;
        if (options.Dynamic && Dynamic(request) is { } dynamicError)
        {
            return ClientValidation.Fail(dynamicError);
        }

        var document = Normalise(request);
        var error = DangerousSchemes(document) ?? AuthMethod(document) ?? Keys(document) ?? WebUris(document)
            ?? (secret is { Length: > 0 and < 6 } ? ClientError.InvalidMetadata("Field client_secret must contain a secret that is at least 6 characters long.") : null)
            ?? CorsOrigins(document) ?? UserinfoAlg(document) ?? RedirectUris(document, options) ?? SubjectType(document, options)
            ?? PairwiseSector(document) ?? PostLogoutRedirects(document) ?? AccessTokenStrategy(document) ?? GrantAndResponseTypes(document) ?? Lifespans(document);
        if (error is not null)
        {
            return ClientValidation.Fail(error);
        }

        if (Text(document, "scope").Length == 0)
        {
            document["scope"] = string.Join(' ', options.DefaultScope);
        }

        return new ClientValidation(Compact(document), secret, null);
    }

    /// <summary>Unknown fields and fields of the wrong JSON type.</summary>
    private static ClientError? Shape(JsonObject request)
    {
        foreach (var (name, value) in request)
        {
            if (name is ClientField.Secret or ClientField.RegistrationAccessToken or ClientField.RegistrationClientUri)
            {
                if (value is not null && value.GetValueKind() != JsonValueKind.String)
                {
                    return ClientError.InvalidMetadata($"Field {name} must be a string.");
                }

                continue;
            }

            var field = ClientField.Find(name);
            if (field is null)
            {
                return ClientError.InvalidMetadata($"Field {name} is not a known client metadata field.");
            }

            if (value is null || field.Kind == ClientFieldKind.Any)
            {
                continue;
            }

            var kind = value.GetValueKind();
            var expected = field.Kind switch
            {
                ClientFieldKind.Text or ClientFieldKind.Lifespan or ClientFieldKind.Timestamp => kind == JsonValueKind.String ? null : "a string",
                ClientFieldKind.TextList => value is JsonArray a && a.All(i => i?.GetValueKind() == JsonValueKind.String) ? null : "an array of strings",
                ClientFieldKind.Flag or ClientFieldKind.OptionalFlag => kind is JsonValueKind.True or JsonValueKind.False ? null : "a boolean",
                ClientFieldKind.Integer => kind == JsonValueKind.Number ? null : "a number",
                ClientFieldKind.KeySet => kind == JsonValueKind.Object ? null : "a JSON Web Key Set object",
                _ => null,
            };
            if (expected is not null)
            {
                return ClientError.InvalidMetadata($"Field {name} must be {expected}.");
            }
        }

        return null;
    }

    /// <summary>What dynamic client registration may not choose (Hydra's <c>ValidateDynamicRegistration</c>, plus the lifespans).</summary>
    private static ClientError? Dynamic(JsonObject request)
    {
        if (request["metadata"] is not null)
        {
            return ClientError.InvalidMetadata("\"metadata\" cannot be set for dynamic client registration");
        }

        if (request["access_token_strategy"] is JsonValue strategy && strategy.GetValue<string>().Length > 0)
        {
            return ClientError.BadRequest("It is not allowed to choose your own access token strategy.");
        }

        foreach (var flag in new[] { "skip_consent", "skip_logout_consent" })
        {
            if (request[flag] is JsonValue v && v.GetValueKind() == JsonValueKind.True)
            {
                return ClientError.InvalidRequest($"\"{flag}\" cannot be set for dynamic client registration");
            }
        }

        return ClientLifespans.Fields.FirstOrDefault(f => request[f] is not null) is { } lifespan
            ? ClientError.InvalidMetadata($"\"{lifespan}\" cannot be set for dynamic client registration")
            : null;
    }

    /// <summary>Every settable field in Hydra's order, with its default where the request left it out.</summary>
    private static JsonObject Normalise(JsonObject request)
    {
        var document = new JsonObject();
        foreach (var field in ClientField.All)
        {
            if (field.ServerSet)
            {
                continue;
            }

            var given = request[field.Name];
            document[field.Name] = given is not null ? given.DeepClone() : field.Kind switch
            {
                ClientFieldKind.Text => "",
                ClientFieldKind.TextList => new JsonArray(),
                ClientFieldKind.Flag => false,
                _ => null,
            };
        }

        return document;
    }

    /// <summary>Drops the <see cref="ClientField.OmitEmpty"/> fields that ended up empty.</summary>
    private static JsonObject Compact(JsonObject document)
    {
        foreach (var field in ClientField.All.Where(f => f.OmitEmpty))
        {
            var value = document[field.Name];
            var empty = value is null
                || (value is JsonArray a && a.Count == 0)
                || (value is JsonValue v && ((v.GetValueKind() == JsonValueKind.String && v.GetValue<string>().Length == 0) || v.GetValueKind() == JsonValueKind.False));
            if (empty)
            {
                document.Remove(field.Name);
            }
        }

        return document;
    }

    private static ClientError? AuthMethod(JsonObject document)
    {
        var method = Text(document, "token_endpoint_auth_method");
        if (method.Length == 0)
        {
            document["token_endpoint_auth_method"] = method = "client_secret_basic";
        }

        if (!AuthMethods.Contains(method))
        {
            return ClientError.InvalidMetadata($"Field token_endpoint_auth_method must be one of {string.Join(", ", AuthMethods)}, not \"{method}\".");
        }

        if (method == "private_key_jwt")
        {
            if (Text(document, "jwks_uri").Length == 0 && document["jwks"] is null)
            {
                return ClientError.InvalidMetadata("When token_endpoint_auth_method is 'private_key_jwt', either jwks or jwks_uri must be set.");
            }

            var alg = Text(document, "token_endpoint_auth_signing_alg");
            if (alg.Length > 0 && !SigningAlgs.Contains(alg))
            {
                return ClientError.InvalidMetadata("Only RS256, RS384, RS512, PS256, PS384, PS512, ES256, ES384 and ES512 are supported as algorithms for private key authentication.");
            }
        }

        return null;
    }

    private static ClientError? Keys(JsonObject document)
    {
        if (Text(document, "jwks_uri").Length > 0 && document["jwks"] is not null)
        {
            return ClientError.InvalidMetadata("Fields jwks and jwks_uri can not both be set, you must choose one.");
        }

        if (document["jwks"] is JsonObject set)
        {
            if (set["keys"] is not JsonArray keys)
            {
                return ClientError.InvalidMetadata("Field jwks must be a JSON Web Key Set with a \"keys\" array.");
            }

            foreach (var key in keys)
            {
                if (key is not JsonObject k || k["kty"] is not JsonValue kty || kty.GetValueKind() != JsonValueKind.String || !KeyTypes.Contains(kty.GetValue<string>()))
                {
                    return ClientError.InvalidMetadata("Invalid JSON web key in set.");
                }
            }
        }

        return null;
    }

    private static ClientError? UserinfoAlg(JsonObject document)
    {
        var alg = Text(document, "userinfo_signed_response_alg");
        if (alg.Length == 0)
        {
            document["userinfo_signed_response_alg"] = alg = "none";
        }

        return alg is "none" or "RS256" ? null : ClientError.InvalidMetadata("Field userinfo_signed_response_alg can either be 'none' or 'RS256'.");
    }

    private static ClientError? SubjectType(JsonObject document, ClientValidationOptions options)
    {
        var supported = options.SubjectTypes.Count > 0 ? options.SubjectTypes : ["public"];
        var type = Text(document, "subject_type");
        if (type.Length == 0)
        {
            document["subject_type"] = supported.Contains("public") ? "public" : supported[0];
            return null;
        }

        return supported.Contains(type) ? null : ClientError.InvalidMetadata($"Subject type {type} is not supported by server, only [{string.Join(' ', supported)}] are allowed.");
    }

    private static ClientError? AccessTokenStrategy(JsonObject document)
        => Text(document, "access_token_strategy") is { Length: > 0 } strategy && strategy is not ("opaque" or "jwt")
            ? ClientError.InvalidMetadata($"invalid access token strategy: \"{strategy}\" must be \"opaque\" or \"jwt\".")
            : null;

    /// <summary>
    /// Known grant and response types that agree (RFC 7591 section 2.1): a response type with <c>code</c>
    /// needs the authorization_code grant and one with <c>token</c> the implicit grant. Absent lists mean
    /// Hydra's defaults (authorization_code, code).
    /// </summary>
    private static ClientError? GrantAndResponseTypes(JsonObject document)
    {
        var grants = Texts(document, "grant_types");
        if (grants.FirstOrDefault(g => !GrantTypes.Contains(g)) is { } unknownGrant)
        {
            return ClientError.InvalidMetadata($"Field grant_types contains \"{unknownGrant}\", which is not one of {string.Join(", ", GrantTypes)}.");
        }

        var effectiveGrants = grants.Count > 0 ? grants : ["authorization_code"];
        foreach (var responseType in Texts(document, "response_types"))
        {
            var parts = responseType.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length == 0 || parts.Any(p => p is not ("code" or "token" or "id_token" or "none")) || (parts.Contains("none") && parts.Length > 1) || parts.Distinct().Count() != parts.Length)
            {
                return ClientError.InvalidMetadata($"Field response_types contains \"{responseType}\", which is not a combination of code, token and id_token, or none.");
            }

            if (parts.Contains("code") && !effectiveGrants.Contains("authorization_code"))
            {
                return ClientError.InvalidMetadata($"Response type \"{responseType}\" needs the authorization_code grant in grant_types.");
            }

            if (parts.Contains("token") && !effectiveGrants.Contains("implicit"))
            {
                return ClientError.InvalidMetadata($"Response type \"{responseType}\" needs the implicit grant in grant_types.");
            }
        }

        return null;
    }

    private static ClientError? Lifespans(JsonObject document)
    {
        foreach (var name in ClientLifespans.Fields)
        {
            if (document[name] is JsonValue v && (!GoDuration.TryParse(v.GetValue<string>(), out var span) || span < TimeSpan.Zero))
            {
                return ClientError.InvalidMetadata($"Field {name} must be a duration such as \"1h\", \"30m\" or \"3600s\" (got \"{v.GetValue<string>()}\").");
            }
        }

        return null;
    }

    private static string Text(JsonObject document, string name)
        => document[name] is JsonValue v && v.TryGetValue<string>(out var s) ? s : "";

    private static List<string> Texts(JsonObject document, string name)
        => document[name] is JsonArray a ? a.Select(i => i!.GetValue<string>()).ToList() : [];
}

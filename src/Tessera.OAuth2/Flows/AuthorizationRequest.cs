using System.Text.Json.Nodes;
using Tessera.OAuth2.Protocol;
using Tessera.Platform.Json;

namespace Tessera.OAuth2.Flows;

/// <summary>A validated authorization request (RFC 6749 §4.1.1, OIDC Core §3.1.2.1), as kept with its flow.</summary>
internal sealed record AuthorizationRequest
{
    public required string ClientId { get; init; }

    /// <summary>The redirect URI the response goes to (the registered one when the request named none).</summary>
    public required string RedirectUri { get; init; }

    /// <summary>Whether the request named the redirect URI (then the token request must repeat it).</summary>
    public bool RedirectUriGiven { get; init; }

    public required IReadOnlyList<string> ResponseTypes { get; init; }

    /// <summary><c>query</c>, <c>fragment</c> or <c>form_post</c>.</summary>
    public required string ResponseMode { get; init; }

    public IReadOnlyList<string> Scopes { get; init; } = [];

    public IReadOnlyList<string> Audience { get; init; } = [];

    public string? State { get; init; }

    public string? Nonce { get; init; }

    public string? CodeChallenge { get; init; }

    public string? CodeChallengeMethod { get; init; }

    public IReadOnlyList<string> Prompt { get; init; } = [];

    public long? MaxAge { get; init; }

    public string? IdTokenHintSubject { get; init; }

    public string? LoginHint { get; init; }

    public IReadOnlyList<string> AcrValues { get; init; } = [];

    public IReadOnlyList<string> UiLocales { get; init; } = [];

    public string? Display { get; init; }

    /// <summary>For a device flow: the signature of the device code that consent authorizes (no redirect to a client).</summary>
    public string? DeviceCodeSignature { get; init; }

    public bool IsDevice => DeviceCodeSignature is not null;

    /// <summary>The full URL of the original request, as the login and consent apps see it.</summary>
    public required string RequestUrl { get; init; }

    public bool Has(string responseType) => ResponseTypes.Contains(responseType);

    public bool IsOpenId => Scopes.Contains("openid");

    public JsonObject ToJson()
    {
        var json = new JsonObject
        {
            ["client_id"] = ClientId,
            ["redirect_uri"] = RedirectUri,
            ["redirect_uri_given"] = RedirectUriGiven,
            ["response_types"] = JsonFields.Array(ResponseTypes),
            ["response_mode"] = ResponseMode,
            ["scope"] = JsonFields.Array(Scopes),
            ["audience"] = JsonFields.Array(Audience),
            ["prompt"] = JsonFields.Array(Prompt),
            ["acr_values"] = JsonFields.Array(AcrValues),
            ["ui_locales"] = JsonFields.Array(UiLocales),
            ["request_url"] = RequestUrl,
        };
        Set(json, "state", State);
        Set(json, "nonce", Nonce);
        Set(json, "code_challenge", CodeChallenge);
        Set(json, "code_challenge_method", CodeChallengeMethod);
        Set(json, "id_token_hint_subject", IdTokenHintSubject);
        Set(json, "login_hint", LoginHint);
        Set(json, "display", Display);
        Set(json, "device_code_signature", DeviceCodeSignature);
        if (MaxAge is { } maxAge)
        {
            json["max_age"] = maxAge;
        }

        return json;
    }

    public static AuthorizationRequest FromJson(JsonObject json) => new()
    {
        ClientId = JsonFields.Text(json, "client_id") ?? "",
        RedirectUri = JsonFields.Text(json, "redirect_uri") ?? "",
        RedirectUriGiven = json["redirect_uri_given"] is JsonValue v && v.TryGetValue<bool>(out var given) && given,
        ResponseTypes = JsonFields.Strings(json, "response_types"),
        ResponseMode = JsonFields.Text(json, "response_mode") ?? "query",
        Scopes = JsonFields.Strings(json, "scope"),
        Audience = JsonFields.Strings(json, "audience"),
        Prompt = JsonFields.Strings(json, "prompt"),
        AcrValues = JsonFields.Strings(json, "acr_values"),
        UiLocales = JsonFields.Strings(json, "ui_locales"),
        RequestUrl = JsonFields.Text(json, "request_url") ?? "",
        State = JsonFields.Text(json, "state"),
        Nonce = JsonFields.Text(json, "nonce"),
        CodeChallenge = JsonFields.Text(json, "code_challenge"),
        CodeChallengeMethod = JsonFields.Text(json, "code_challenge_method"),
        IdTokenHintSubject = JsonFields.Text(json, "id_token_hint_subject"),
        LoginHint = JsonFields.Text(json, "login_hint"),
        Display = JsonFields.Text(json, "display"),
        DeviceCodeSignature = JsonFields.Text(json, "device_code_signature"),
        MaxAge = json["max_age"] is JsonValue m && m.TryGetValue<long>(out var age) ? age : null,
    };

    private static void Set(JsonObject json, string name, string? value)
    {
        if (value is not null)
        {
            json[name] = value;
        }
    }
}

using System.Text.Json.Nodes;
using Tessera.OAuth2.Clients;

namespace Tessera.OAuth2.Tests.Clients;

public sealed class ClientValidatorTests
{
    private static readonly ClientValidationOptions Production = new(false, ["public"], ClientValidationOptions.HydraDefaultScope);
    private static readonly ClientValidationOptions Dev = Production with { Dev = true };

    private static ClientValidation Validate(string json, ClientValidationOptions? options = null)
        => ClientValidator.Validate(JsonNode.Parse(json)!.AsObject(), options ?? Production);

    private static ClientError Refused(string json, ClientValidationOptions? options = null)
    {
        var result = Validate(json, options);
        Assert.Null(result.Document);
        return Assert.IsType<ClientError>(result.Error);
    }

    [Fact]
    public void An_empty_client_gets_Hydras_defaults_in_Hydras_order()
    {
        var result = Validate("{}");
        Assert.Null(result.Error);
        var document = result.Document!;
        Assert.Equal("client_secret_basic", (string?)document["token_endpoint_auth_method"]);
        Assert.Equal("public", (string?)document["subject_type"]);
        Assert.Equal("none", (string?)document["userinfo_signed_response_alg"]);
        Assert.Equal("offline_access offline openid", (string?)document["scope"]);
        Assert.Equal("[]", document["redirect_uris"]!.ToJsonString());
        Assert.False((bool)document["skip_consent"]!);
        Assert.True(document.ContainsKey("skip_logout_consent"));
        Assert.Null(document["skip_logout_consent"]);
        Assert.All(ClientLifespans.Fields, f => Assert.True(document.ContainsKey(f) && document[f] is null));
        // Optional (omitempty) fields are absent, not "", so readers see them as unset; server-set ones are left to the registrar.
        Assert.False(document.ContainsKey("jwks_uri"));
        Assert.False(document.ContainsKey("sector_identifier_uri"));
        Assert.False(document.ContainsKey("metadata"));
        Assert.False(document.ContainsKey("client_id"));
        Assert.False(document.ContainsKey("created_at"));
        var order = document.Select(p => p.Key).ToList();
        Assert.True(order.IndexOf("client_name") < order.IndexOf("redirect_uris") && order.IndexOf("redirect_uris") < order.IndexOf("scope"));
        Assert.Null(result.Secret);
    }

    [Fact]
    public void Given_values_are_kept_and_the_secret_is_handed_back_apart()
    {
        var result = Validate("""{"client_name":"app","client_secret":"s3cr3t!!","scope":"read write","owner":"me","metadata":{"a":[1]},"allowed_cors_origins":["https://app.example/"],"skip_logout_consent":true,"client_credentials_grant_access_token_lifespan":"1h30m"}""");
        Assert.Null(result.Error);
        Assert.Equal("s3cr3t!!", result.Secret);
        var document = result.Document!;
        Assert.False(document.ContainsKey("client_secret"));
        Assert.Equal("read write", (string?)document["scope"]);
        Assert.Equal("""{"a":[1]}""", document["metadata"]!.ToJsonString());
        Assert.Equal("https://app.example", (string?)document["allowed_cors_origins"]![0]);
        Assert.True((bool)document["skip_logout_consent"]!);
        Assert.Equal("1h30m", (string?)document["client_credentials_grant_access_token_lifespan"]);
    }

    [Fact]
    public void The_configured_default_scope_applies_when_none_is_given()
        => Assert.Equal("a b", (string?)Validate("{}", Production with { DefaultScope = ["a", "b"] }).Document!["scope"]);

    [Fact]
    public void Server_set_fields_in_a_request_are_ignored_not_refused()
    {
        var result = Validate("""{"client_id":"x","created_at":"2020-01-01T00:00:00Z","updated_at":"2020-01-01T00:00:00Z","client_secret_expires_at":5,"registration_access_token":"t","registration_client_uri":"https://x"}""");
        Assert.Null(result.Error);
        Assert.False(result.Document!.ContainsKey("created_at"));
    }

    [Theory]
    [InlineData("""{"foo":1}""", "Field foo is not a known client metadata field.")]
    [InlineData("""{"client_name":1}""", "Field client_name must be a string.")]
    [InlineData("""{"redirect_uris":"https://a.example/cb"}""", "Field redirect_uris must be an array of strings.")]
    [InlineData("""{"redirect_uris":[1]}""", "Field redirect_uris must be an array of strings.")]
    [InlineData("""{"skip_consent":"yes"}""", "Field skip_consent must be a boolean.")]
    [InlineData("""{"jwks":[]}""", "Field jwks must be a JSON Web Key Set object.")]
    [InlineData("""{"client_secret":5}""", "Field client_secret must be a string.")]
    [InlineData("""{"token_endpoint_auth_method":"tls_client_auth"}""", "Field token_endpoint_auth_method must be one of client_secret_basic, client_secret_post, private_key_jwt, none")]
    [InlineData("""{"token_endpoint_auth_method":"private_key_jwt"}""", "either jwks or jwks_uri must be set")]
    [InlineData("""{"token_endpoint_auth_method":"private_key_jwt","jwks_uri":"https://k.example/jwks","token_endpoint_auth_signing_alg":"HS256"}""", "Only RS256")]
    [InlineData("""{"jwks_uri":"https://k.example/jwks","jwks":{"keys":[]}}""", "Fields jwks and jwks_uri can not both be set")]
    [InlineData("""{"jwks":{"keys":[{"kty":"XYZ"}]}}""", "Invalid JSON web key in set.")]
    [InlineData("""{"jwks":{}}""", "Field jwks must be a JSON Web Key Set")]
    [InlineData("""{"tos_uri":"/relative"}""", "Field tos_uri must be a valid URI.")]
    [InlineData("""{"logo_uri":"ftp://x.example/logo.png"}""", "must use https:// or http:// as HTTP scheme for field logo_uri")]
    [InlineData("""{"backchannel_logout_uri":"not a uri"}""", "Field backchannel_logout_uri must be a valid URI.")]
    [InlineData("""{"request_uris":["nope"]}""", "Field request_uris.0 must be a valid URI.")]
    [InlineData("""{"client_secret":"short"}""", "Field client_secret must contain a secret that is at least 6 characters long.")]
    [InlineData("""{"allowed_cors_origins":["ftp://x.example"]}""", "must use https:// or http:// as HTTP scheme")]
    [InlineData("""{"allowed_cors_origins":["https://u:p@x.example"]}""", "has HTTP user and/or password set")]
    [InlineData("""{"allowed_cors_origins":["https://x.example/path"]}""", "must have an empty path, query, and fragment")]
    [InlineData("""{"allowed_cors_origins":["https://x.example?q=1"]}""", "must have an empty path, query, and fragment")]
    [InlineData("""{"userinfo_signed_response_alg":"HS256"}""", "Field userinfo_signed_response_alg can either be 'none' or 'RS256'.")]
    [InlineData("""{"subject_type":"pairwise"}""", "Subject type pairwise is not supported by server")]
    [InlineData("""{"subject_type":"other"}""", "Subject type other is not supported by server")]
    [InlineData("""{"redirect_uris":["https://a.example/cb"],"post_logout_redirect_uris":["https://b.example/out"]}""", "must match the domain, port, scheme of at least one of the registered redirect URIs")]
    [InlineData("""{"redirect_uris":["https://a.example/cb"],"post_logout_redirect_uris":["https://a.example:8443/out"]}""", "must match the domain, port, scheme")]
    [InlineData("""{"access_token_strategy":"macaroon"}""", "invalid access token strategy")]
    [InlineData("""{"grant_types":["password"]}""", "Field grant_types contains \"password\"")]
    [InlineData("""{"response_types":["code banana"]}""", "Field response_types contains \"code banana\"")]
    [InlineData("""{"response_types":["none code"]}""", "Field response_types contains \"none code\"")]
    [InlineData("""{"grant_types":["client_credentials"],"response_types":["code"]}""", "needs the authorization_code grant")]
    [InlineData("""{"grant_types":["authorization_code"],"response_types":["code token"]}""", "needs the implicit grant")]
    [InlineData("""{"response_types":["token"]}""", "needs the implicit grant")]
    [InlineData("""{"implicit_grant_access_token_lifespan":"soon"}""", "Field implicit_grant_access_token_lifespan must be a duration")]
    [InlineData("""{"implicit_grant_access_token_lifespan":"-1h"}""", "Field implicit_grant_access_token_lifespan must be a duration")]
    public void Invalid_metadata_is_refused_naming_the_field(string json, string fragment)
    {
        var error = Refused(json);
        Assert.Equal("invalid_client_metadata", error.Error);
        Assert.Equal(400, error.Status);
        Assert.StartsWith("The value of one of the Client Metadata fields is invalid", error.Description, StringComparison.Ordinal);
        Assert.Contains(fragment, error.Description, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"redirect_uris":["https://a.example/cb#frag"]}""", false, "must not contain fragments")]
    [InlineData("""{"redirect_uris":["/relative/cb"]}""", false, "Unable to parse redirect URL: /relative/cb")]
    [InlineData("""{"redirect_uris":["cb"]}""", false, "Unable to parse redirect URL")]
    [InlineData("""{"redirect_uris":["http://app.example/cb"]}""", false, "only allowed for loopback hosts")]
    public void Bad_redirect_uris_are_invalid_redirect_uri(string json, bool dev, string fragment)
    {
        var error = Refused(json, dev ? Dev : Production);
        Assert.Equal("invalid_redirect_uri", error.Error);
        Assert.StartsWith("The value of one or more redirect_uris is invalid.", error.Description, StringComparison.Ordinal);
        Assert.Contains(fragment, error.Description, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://localhost:3000/cb")]
    [InlineData("http://127.0.0.1/cb")]
    [InlineData("http://[::1]:8080/cb")]
    [InlineData("https://app.example/cb?x=1")]
    [InlineData("com.example.app:/oauth2redirect")]
    public void Loopback_http_https_and_private_schemes_are_allowed_redirects(string redirect)
        => Assert.Null(Validate($$"""{"redirect_uris":["{{redirect}}"]}""").Error);

    [Fact]
    public void Dev_mode_allows_plain_http_redirects_to_any_host()
        => Assert.Null(Validate("""{"redirect_uris":["http://app.example/cb"]}""", Dev).Error);

    [Fact]
    public void Consistent_grant_and_response_types_and_key_auth_pass()
    {
        Assert.Null(Validate("""{"grant_types":["authorization_code","refresh_token","implicit"],"response_types":["code","code id_token","token","id_token token","id_token"]}""").Error);
        Assert.Null(Validate("""{"grant_types":["client_credentials"]}""").Error);
        Assert.Null(Validate("""{"grant_types":["urn:ietf:params:oauth:grant-type:jwt-bearer","urn:ietf:params:oauth:grant-type:device_code"]}""").Error);
        Assert.Null(Validate("""{"token_endpoint_auth_method":"private_key_jwt","token_endpoint_auth_signing_alg":"ES256","jwks":{"keys":[{"kty":"EC","crv":"P-256","x":"a","y":"b"}]}}""").Error);
        Assert.Null(Validate("""{"token_endpoint_auth_method":"none","access_token_strategy":"jwt"}""").Error);
    }

    [Fact]
    public void Subject_types_follow_the_configured_list()
    {
        var pairwiseOnly = Production with { SubjectTypes = ["pairwise"] };
        Assert.Equal("pairwise", (string?)Validate("""{"redirect_uris":["https://a.example/cb"]}""", pairwiseOnly).Document!["subject_type"]);
        Assert.Null(Validate("""{"subject_type":"pairwise","redirect_uris":["https://a.example/cb"]}""", Production with { SubjectTypes = ["public", "pairwise"] }).Error);
    }

    [Theory]
    [InlineData("""{"subject_type":"pairwise","redirect_uris":["https://a.example/cb","https://b.example/cb"]}""", "use more than one host (a.example, b.example)")]
    [InlineData("""{"subject_type":"pairwise","redirect_uris":["https://a.example/cb","https://a.example:8443/cb"]}""", "use more than one host (a.example, a.example:8443)")]
    [InlineData("""{"subject_type":"pairwise","redirect_uris":["https://a.example/cb","com.example.app:/cb"]}""", "use more than one host (a.example, none)")]
    [InlineData("""{"subject_type":"pairwise","redirect_uris":["com.example.app:/cb"]}""", "have no host")]
    [InlineData("""{"subject_type":"pairwise"}""", "has no redirect_uris")]
    [InlineData("""{"subject_type":"pairwise","grant_types":["implicit"],"response_types":["token"]}""", "has no redirect_uris")]
    [InlineData("""{"subject_type":"pairwise","grant_types":["urn:ietf:params:oauth:grant-type:device_code"]}""", "has no redirect_uris")]
    [InlineData("""{"redirect_uris":["https://a.example/cb","https://b.example/cb"]}""", "use more than one host", true)]
    public void A_pairwise_client_whose_sector_is_not_one_host_needs_a_sector_identifier_uri(string json, string fragment, bool pairwiseByDefault = false)
    {
        var error = Refused(json, Production with { SubjectTypes = pairwiseByDefault ? ["pairwise"] : ["public", "pairwise"] });
        Assert.Equal("invalid_client_metadata", error.Error);
        Assert.Contains("Field sector_identifier_uri must be set when subject_type is pairwise", error.Description, StringComparison.Ordinal);
        Assert.Contains(fragment, error.Description, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"subject_type":"pairwise","redirect_uris":["https://a.example/cb","https://A.EXAMPLE/other"]}""")]
    [InlineData("""{"subject_type":"pairwise","redirect_uris":["https://a.example/cb","https://b.example/cb"],"sector_identifier_uri":"https://a.example/sector.json"}""")]
    [InlineData("""{"subject_type":"pairwise","sector_identifier_uri":"https://a.example/sector.json"}""")]
    [InlineData("""{"subject_type":"pairwise","grant_types":["client_credentials"]}""")]
    [InlineData("""{"subject_type":"public","redirect_uris":["https://a.example/cb","https://b.example/cb"]}""")]
    public void One_host_a_sector_identifier_uri_or_no_end_users_is_enough(string json)
        => Assert.Null(Validate(json, Production with { SubjectTypes = ["public", "pairwise"] }).Error);

    [Theory]
    [InlineData("javascript:alert(document.domain)//", "javascript")]
    [InlineData("JaVaScRiPt:alert(1)", "javascript")]
    [InlineData("  javascript:alert(1)", "javascript")]
    [InlineData("\u0000javascript:alert(1)", "javascript")]
    [InlineData("j\ta\nv\ra\tscript:alert(1)", "javascript")]
    [InlineData("data:text/html,<script>alert(1)</script>", "data")]
    [InlineData("vbscript:msgbox(1)", "vbscript")]
    [InlineData("FILE:///etc/passwd", "file")]
    [InlineData("blob:https://a.example/x", "blob")]
    [InlineData("about:blank", "about")]
    public void Redirect_uris_with_a_scheme_a_browser_runs_are_refused_however_spelled(string redirect, string scheme)
    {
        var error = Refused(new JsonObject { ["redirect_uris"] = new JsonArray("https://a.example/cb", redirect) }.ToJsonString(), Dev);
        Assert.Equal("invalid_redirect_uri", error.Error);
        Assert.Contains($"Field redirect_uris.1 uses the {scheme}: scheme", error.Description, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("post_logout_redirect_uris", true)]
    [InlineData("request_uris", true)]
    [InlineData("client_uri", false)]
    [InlineData("logo_uri", false)]
    [InlineData("policy_uri", false)]
    [InlineData("tos_uri", false)]
    [InlineData("jwks_uri", false)]
    [InlineData("sector_identifier_uri", false)]
    [InlineData("frontchannel_logout_uri", false)]
    [InlineData("backchannel_logout_uri", false)]
    public void Other_uri_fields_with_such_a_scheme_are_invalid_metadata_naming_the_field(string field, bool list)
    {
        var value = list ? "[\" javaScript:alert(1)\"]" : "\" javaScript:alert(1)\"";
        var error = Refused($$"""{"redirect_uris":["https://a.example/cb"],"{{field}}":{{value}}}""");
        Assert.Equal("invalid_client_metadata", error.Error);
        Assert.Contains($"Field {field}{(list ? ".0" : "")} uses the javascript: scheme", error.Description, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://a.example/cb\n")]
    [InlineData("https://a.example/c\u0000b")]
    public void Redirect_uris_with_control_characters_are_refused(string redirect)
        => Assert.Equal("invalid_redirect_uri", Refused(new JsonObject { ["redirect_uris"] = new JsonArray(redirect) }.ToJsonString()).Error);

    [Fact]
    public void Post_logout_redirects_on_a_registered_origin_pass()
        => Assert.Null(Validate("""{"redirect_uris":["https://a.example/cb"],"post_logout_redirect_uris":["https://a.example/bye"]}""").Error);

    [Theory]
    [InlineData("""{"metadata":{"a":1}}""", "invalid_client_metadata", "\"metadata\" cannot be set for dynamic client registration")]
    [InlineData("""{"access_token_strategy":"jwt"}""", "The request was malformed or contained invalid parameters", "It is not allowed to choose your own access token strategy.")]
    [InlineData("""{"skip_consent":true}""", "invalid_request", "\"skip_consent\" cannot be set for dynamic client registration")]
    [InlineData("""{"skip_logout_consent":true}""", "invalid_request", "\"skip_logout_consent\" cannot be set for dynamic client registration")]
    [InlineData("""{"refresh_token_grant_refresh_token_lifespan":"1h"}""", "invalid_client_metadata", "\"refresh_token_grant_refresh_token_lifespan\" cannot be set")]
    public void Dynamic_registration_cannot_set_administrator_fields(string json, string code, string fragment)
    {
        var error = Refused(json, Production with { Dynamic = true });
        Assert.Equal(code, error.Error);
        Assert.Contains(fragment, error.Description, StringComparison.Ordinal);
        Assert.Null(Validate(json).Error);
    }
}

using System.Text.Json.Nodes;
using Tessera.OAuth2.Keys;
using Tessera.OAuth2.Trust;
using Tessera.Platform.Jose;

namespace Tessera.OAuth2.Tests.Trust;

/// <summary>Hydra's rules for a trusted JWT-bearer issuer, each refusal naming its field.</summary>
public sealed class TrustRequestValidatorTests
{
    private static readonly JsonObject PrivateKey = JsonWebKeyGenerator.Generate("ES256", "issuer-key");

    private static JsonObject Valid() => new()
    {
        ["issuer"] = "https://idp.example",
        ["subject"] = "alice",
        ["scope"] = new JsonArray("read", "write"),
        ["jwk"] = JsonWebKeyGenerator.PublicPart(PrivateKey),
        ["expires_at"] = "2030-01-02T03:04:05Z",
    };

    [Fact]
    public void A_valid_request_is_read_with_a_copy_of_the_key()
    {
        var body = Valid();
        var (request, error) = TrustRequestValidator.Validate(body);
        Assert.Null(error);
        Assert.Equal("https://idp.example", request!.Issuer);
        Assert.Equal("alice", request.Subject);
        Assert.False(request.AllowAnySubject);
        Assert.Equal(["read", "write"], request.Scope);
        Assert.Equal(new DateTimeOffset(2030, 1, 2, 3, 4, 5, TimeSpan.Zero), request.ExpiresAt);
        Assert.Equal("issuer-key", request.PublicKey["kid"]!.GetValue<string>());
        Assert.NotSame(body["jwk"], request.PublicKey);
    }

    [Fact]
    public void Any_subject_without_a_subject_and_no_scope_are_accepted()
    {
        var body = Valid();
        body.Remove("subject");
        body.Remove("scope");
        body["allow_any_subject"] = true;
        var (request, error) = TrustRequestValidator.Validate(body);
        Assert.Null(error);
        Assert.True(request!.AllowAnySubject);
        Assert.Equal("", request.Subject);
        Assert.Empty(request.Scope);
    }

    [Theory]
    [InlineData("issuer", null, "Field 'issuer' is required.")]
    [InlineData("issuer", "\"\"", "Field 'issuer' is required.")]
    [InlineData("subject", null, "One of 'subject' or 'allow_any_subject' field must be set.")]
    [InlineData("allow_any_subject", "true", "Both 'subject' and 'allow_any_subject' fields cannot be set at the same time.")]
    [InlineData("expires_at", null, "Field 'expires_at' is required and must be an RFC 3339 date-time.")]
    [InlineData("expires_at", "\"tomorrow\"", "Field 'expires_at' is required and must be an RFC 3339 date-time.")]
    [InlineData("scope", "\"read\"", "Field 'scope' must be an array of strings.")]
    [InlineData("scope", "[\"read\", 1]", "Field 'scope' must be an array of strings.")]
    [InlineData("jwk", null, "Field 'jwk' must contain a JWK with a kid: a JSON Web Key must be a JSON object.")]
    public void A_faulty_field_is_named(string field, string? value, string hint)
    {
        var body = Valid();
        body[field] = value is null ? null : JsonNode.Parse(value);
        if (value is null)
        {
            body.Remove(field);
        }

        var (request, error) = TrustRequestValidator.Validate(body);
        Assert.Null(request);
        Assert.Equal(hint, error!.Hint);
    }

    [Fact]
    public void A_private_key_is_refused()
    {
        var body = Valid();
        body["jwk"] = PrivateKey.DeepClone();
        Assert.Equal("Field 'jwk' must be a public key.", TrustRequestValidator.Validate(body).Error!.Hint);
    }

    [Fact]
    public void A_body_that_is_not_an_object_is_refused()
        => Assert.Equal("The request body must be a JSON object.", TrustRequestValidator.Validate(new JsonArray()).Error!.Hint);
}

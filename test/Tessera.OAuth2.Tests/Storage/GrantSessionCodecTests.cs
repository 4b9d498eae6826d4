using System.Text;
using System.Text.Json.Nodes;
using Tessera.OAuth2.Protocol;
using Tessera.OAuth2.Storage;
using Tessera.Platform.Crypto;

namespace Tessera.OAuth2.Tests.Storage;

public sealed class GrantSessionCodecTests
{
    [Fact]
    public void Every_member_survives_the_round_trip()
    {
        var session = new GrantSession
        {
            ClientId = "client",
            Subject = "alice",
            GrantType = "authorization_code",
            GrantedScopes = ["openid", "offline"],
            GrantedAudience = ["https://api.example.com"],
            RequestedScopes = ["openid", "offline", "photos"],
            RequestedAudience = ["https://api.example.com", "https://other.example.com"],
            AccessTokenClaims = new JsonObject { ["tenant"] = "t1", ["roles"] = new JsonArray("a", "b") },
            IdTokenClaims = new JsonObject { ["email"] = "alice@example.com" },
            RequestedAt = new DateTimeOffset(2026, 11, 23, 10, 0, 0, TimeSpan.Zero).AddTicks(1234567),
            AuthTime = new DateTimeOffset(2026, 11, 23, 9, 59, 0, TimeSpan.FromHours(2)),
            Acr = "urn:acr:1",
            Amr = ["pwd", "otp"],
            Nonce = "n-0S6_WzA2Mj",
            SessionId = "sid-1",
            FlowId = "flow-1",
            ObfuscatedSubject = "pairwise-alice",
            RedirectUri = "https://app.example.com/cb",
            CodeChallenge = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
            CodeChallengeMethod = "S256",
            DeviceStatus = "authorized",
            AccessTokenStrategy = "jwt",
        };

        var read = GrantSessionCodec.Decode(GrantSessionCodec.Encode(session))!;

        Assert.Equal(session.ClientId, read.ClientId);
        Assert.Equal(session.Subject, read.Subject);
        Assert.Equal(session.GrantType, read.GrantType);
        Assert.Equal(session.GrantedScopes, read.GrantedScopes);
        Assert.Equal(session.GrantedAudience, read.GrantedAudience);
        Assert.Equal(session.RequestedScopes, read.RequestedScopes);
        Assert.Equal(session.RequestedAudience, read.RequestedAudience);
        Assert.Equal(session.AccessTokenClaims.ToJsonString(), read.AccessTokenClaims.ToJsonString());
        Assert.Equal(session.IdTokenClaims.ToJsonString(), read.IdTokenClaims.ToJsonString());
        Assert.Equal(session.RequestedAt.AddTicks(-7), read.RequestedAt); // kept to the microsecond, as the databases keep times
        Assert.Equal(session.AuthTime, read.AuthTime);
        Assert.Equal(TimeSpan.Zero, read.AuthTime!.Value.Offset);
        Assert.Equal(session.Acr, read.Acr);
        Assert.Equal(session.Amr, read.Amr);
        Assert.Equal(session.Nonce, read.Nonce);
        Assert.Equal(session.SessionId, read.SessionId);
        Assert.Equal(session.FlowId, read.FlowId);
        Assert.Equal(session.ObfuscatedSubject, read.ObfuscatedSubject);
        Assert.Equal(session.RedirectUri, read.RedirectUri);
        Assert.Equal(session.CodeChallenge, read.CodeChallenge);
        Assert.Equal(session.CodeChallengeMethod, read.CodeChallengeMethod);
        Assert.Equal(session.DeviceStatus, read.DeviceStatus);
        Assert.Equal(session.AccessTokenStrategy, read.AccessTokenStrategy);
    }

    [Fact]
    public void Absent_optional_members_stay_absent()
    {
        var read = GrantSessionCodec.Decode(GrantSessionCodec.Encode(new GrantSession { ClientId = "c", GrantType = "client_credentials" }))!;

        Assert.Null(read.AuthTime);
        Assert.Null(read.Nonce);
        Assert.Null(read.DeviceStatus);
        Assert.Empty(read.AccessTokenClaims);
        Assert.Equal("opaque", read.AccessTokenStrategy);
    }

    [Fact]
    public void Empty_lists_and_claims_and_the_default_strategy_are_not_stored()
    {
        var json = Encoding.UTF8.GetString(GrantSessionCodec.Encode(new GrantSession { ClientId = "c", Subject = "c", GrantType = "client_credentials", GrantedScopes = ["read"] }));

        Assert.Contains("\"granted_scope\":[\"read\"]", json, StringComparison.Ordinal);
        foreach (var left in new[] { "granted_audience", "requested_scope", "requested_audience", "access_token_claims", "id_token_claims", "amr", "access_token_strategy" })
        {
            Assert.DoesNotContain(left, json, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Unknown_members_and_members_of_the_wrong_type_are_skipped()
    {
        var json = """
            {"client_id":"c","future":{"nested":[1,2,{"x":null}]},"subject":42,"granted_scope":["a",7,"b",null],
             "access_token_claims":"not an object","requested_at":"2026-11-23T10:00:00.5Z","grant_type":"refresh_token"}
            """;

        var read = GrantSessionCodec.Decode(Encoding.UTF8.GetBytes(json))!;

        Assert.Equal("c", read.ClientId);
        Assert.Equal("", read.Subject);
        Assert.Equal(["a", "b"], read.GrantedScopes);
        Assert.Empty(read.AccessTokenClaims);
        Assert.Equal(new DateTimeOffset(2026, 11, 23, 10, 0, 0, 500, TimeSpan.Zero), read.RequestedAt);
        Assert.Equal("refresh_token", read.GrantType);
    }

    private static SecretBox Box(params string[] secrets) => new(new SecretKeys(secrets.Length == 0 ? ["codec-secret-0123456789"] : secrets));

    private static GrantSession WithClaims() => new()
    {
        ClientId = "c",
        Subject = "alice",
        GrantType = "authorization_code",
        GrantedScopes = ["openid"],
        AccessTokenClaims = new JsonObject { ["tenant"] = "tenant-secret-value" },
        IdTokenClaims = new JsonObject { ["email"] = "alice@example.com" },
    };

    [Fact]
    public void With_a_box_the_extra_claims_are_sealed_and_read_back()
    {
        var box = Box();
        var encoded = GrantSessionCodec.Encode(WithClaims(), box);
        var json = Encoding.UTF8.GetString(encoded);

        Assert.Contains("\"sealed_claims\":\"v1.", json, StringComparison.Ordinal);
        Assert.DoesNotContain("tenant", json, StringComparison.Ordinal);
        Assert.DoesNotContain("alice@example.com", json, StringComparison.Ordinal);
        Assert.Contains("\"granted_scope\":[\"openid\"]", json, StringComparison.Ordinal);

        var read = GrantSessionCodec.Decode(encoded, box)!;
        Assert.Equal("tenant-secret-value", read.AccessTokenClaims["tenant"]!.GetValue<string>());
        Assert.Equal("alice@example.com", read.IdTokenClaims["email"]!.GetValue<string>());
        Assert.Equal(["openid"], read.GrantedScopes);
    }

    [Fact]
    public void Without_extra_claims_nothing_is_sealed()
    {
        var session = new GrantSession { ClientId = "c", Subject = "c", GrantType = "client_credentials", GrantedScopes = ["read"] };

        Assert.Equal(GrantSessionCodec.Encode(session), GrantSessionCodec.Encode(session, Box()));
    }

    [Fact]
    public void Sealed_claims_that_do_not_open_make_the_session_unreadable()
    {
        var encoded = GrantSessionCodec.Encode(WithClaims(), Box());
        var json = Encoding.UTF8.GetString(encoded);
        var start = json.IndexOf("v1.", StringComparison.Ordinal) + 10;
        var tampered = json[..start] + (json[start] == 'A' ? 'B' : 'A') + json[(start + 1)..];

        Assert.Null(GrantSessionCodec.Decode(encoded)); // no box configured any more
        Assert.Null(GrantSessionCodec.Decode(encoded, Box("another-secret-0123456789")));
        Assert.Null(GrantSessionCodec.Decode(Encoding.UTF8.GetBytes(tampered), Box()));
        Assert.NotNull(GrantSessionCodec.Decode(encoded, Box("another-secret-0123456789", "codec-secret-0123456789")));
    }

    [Theory]
    [InlineData("")]
    [InlineData("[]")]
    [InlineData("{\"client_id\":")]
    [InlineData("{\"client_id\":\"c\"")]
    [InlineData("not json")]
    public void Damaged_data_reads_as_nothing(string json)
        => Assert.Null(GrantSessionCodec.Decode(Encoding.UTF8.GetBytes(json)));
}

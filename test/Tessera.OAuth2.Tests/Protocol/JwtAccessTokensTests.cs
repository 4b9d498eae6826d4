using System.Text.Json.Nodes;
using Tessera.OAuth2.Keys;
using Tessera.OAuth2.Protocol;
using Tessera.Platform.Jose;

namespace Tessera.OAuth2.Tests.Protocol;

public sealed class JwtAccessTokensTests
{
    private static readonly DateTimeOffset Now = new(2030, 1, 2, 3, 4, 5, TimeSpan.Zero);

    private static readonly GrantSession Session = new()
    {
        ClientId = "api-client",
        Subject = "alice",
        GrantType = "authorization_code",
        GrantedScopes = ["read", "write"],
        AccessTokenClaims = new JsonObject { ["roles"] = new JsonArray("admin"), ["email"] = "alice@example.com", ["sub"] = "mallory", ["tenant"] = "t1" },
    };

    private static async Task<JsonObject> ClaimsAsync(Dictionary<string, string>? config = null)
    {
        await using var test = await OAuth2TestRuntime.StartAsync(config);
        var token = await test.Runtime.Protocol.JwtAccessTokens.SignAsync(Session, Now, Now.AddHours(1), CancellationToken.None);
        Assert.True(JsonWebSignature.TryParse(token, out var jws));
        return jws.Payload;
    }

    [Fact]
    public async Task By_default_extra_claims_are_under_ext_only_and_nbf_is_set()
    {
        var claims = await ClaimsAsync();

        Assert.Equal("alice", claims["sub"]!.GetValue<string>());
        Assert.Equal("t1", claims["ext"]!["tenant"]!.GetValue<string>());
        Assert.Null(claims["roles"]);
        Assert.Equal(Now.ToUnixTimeSeconds(), claims["nbf"]!.GetValue<long>());
        Assert.Equal(["read", "write"], claims["scp"]!.AsArray().Select(s => s!.GetValue<string>()));
    }

    [Fact]
    public async Task Allowed_top_level_claims_are_copied_up_but_never_over_the_tokens_own()
    {
        var claims = await ClaimsAsync(new() { ["oauth2.allowed_top_level_claims"] = """["roles","email","sub"]""" });

        Assert.Equal("admin", claims["roles"]![0]!.GetValue<string>());
        Assert.Equal("alice@example.com", claims["email"]!.GetValue<string>());
        Assert.Equal("alice", claims["sub"]!.GetValue<string>());
        Assert.Equal("alice@example.com", claims["ext"]!["email"]!.GetValue<string>()); // mirrored by default
    }

    [Fact]
    public async Task Without_mirroring_they_leave_ext_and_nbf_can_be_left_out()
    {
        var claims = await ClaimsAsync(new()
        {
            ["oauth2.allowed_top_level_claims"] = """["roles"]""",
            ["oauth2.mirror_top_level_claims"] = "false",
            ["oauth2.exclude_not_before_claim"] = "true",
        });

        Assert.Equal("admin", claims["roles"]![0]!.GetValue<string>());
        Assert.Null(claims["ext"]!["roles"]);
        Assert.Equal("t1", claims["ext"]!["tenant"]!.GetValue<string>());
        Assert.False(claims.ContainsKey("nbf"));
    }
}

using System.Text.Json.Nodes;
using Tessera.OAuth2.Protocol.Assertions;

namespace Tessera.OAuth2.Tests.Protocol.Assertions;

public sealed class AssertionClaimsTests
{
    private static AssertionClaims Read(string json)
    {
        Assert.True(AssertionClaims.TryRead(JsonNode.Parse(json)!.AsObject(), out var claims, out var problem), problem);
        return claims;
    }

    [Fact]
    public void Reads_registered_claims_with_single_or_list_audience_and_fractional_dates()
    {
        var claims = Read("""{"iss":"i","sub":"s","aud":"a","exp":1893456000.9,"nbf":1893455000,"iat":1893455500,"jti":"j","extra":{"x":1}}""");
        Assert.Equal(("i", "s", "j"), (claims.Issuer, claims.Subject, claims.JwtId));
        Assert.Equal(["a"], claims.Audience);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1893456000), claims.ExpiresAt);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1893455000), claims.NotBefore);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1893455500), claims.IssuedAt);
        Assert.Equal(["a", "b"], Read("""{"aud":["a","b"]}""").Audience);
        Assert.True(Read("""{"aud":["a","b"]}""").AudienceContainsAny(["x", "b"]));
        Assert.False(Read("""{"aud":["a","b"]}""").AudienceContainsAny(["A"]));
    }

    [Fact]
    public void Absent_claims_are_null_or_empty()
    {
        var claims = Read("{}");
        Assert.Null(claims.Issuer);
        Assert.Null(claims.ExpiresAt);
        Assert.Empty(claims.Audience);
        Assert.Null(Read("""{"iss":null}""").Issuer);
    }

    [Theory]
    [InlineData("""{"iss":1}""")]
    [InlineData("""{"sub":true}""")]
    [InlineData("""{"jti":["a"]}""")]
    [InlineData("""{"aud":5}""")]
    [InlineData("""{"aud":["a",5]}""")]
    [InlineData("""{"aud":{"a":1}}""")]
    [InlineData("""{"exp":"1893456000"}""")]
    [InlineData("""{"exp":-1}""")]
    [InlineData("""{"exp":1e300}""")]
    [InlineData("""{"nbf":[1]}""")]
    [InlineData("""{"iat":false}""")]
    public void Claims_of_the_wrong_type_are_malformed(string json)
    {
        Assert.False(AssertionClaims.TryRead(JsonNode.Parse(json)!.AsObject(), out _, out var problem));
        Assert.NotEmpty(problem);
    }
}

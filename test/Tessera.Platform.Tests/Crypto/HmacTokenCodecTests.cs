using Tessera.Platform.Crypto;

namespace Tessera.Platform.Tests.Crypto;

public sealed class HmacTokenCodecTests
{
    private static HmacTokenCodec Codec(params string[] secrets) => new(new SecretKeys(secrets));

    [Fact]
    public void A_generated_token_verifies_and_yields_its_stored_signature()
    {
        var codec = Codec("current-secret-0123456789");
        var (token, signature) = codec.Generate("ory_at_");
        Assert.StartsWith("ory_at_", token);
        Assert.True(codec.TryGetSignature(token, "ory_at_", out var found));
        Assert.Equal(signature, found);

        // Stored: the key's time prefix and the signature, never the key itself.
        var key = token["ory_at_".Length..token.IndexOf('.')];
        Assert.Equal(key[..12] + token[(token.IndexOf('.') + 1)..], signature);
        Assert.DoesNotContain(key[12..], signature);
    }

    [Fact]
    public void Stored_signatures_of_later_tokens_sort_after_earlier_ones()
    {
        var codec = Codec("current-secret-0123456789");
        var first = codec.Generate("ory_at_").Signature;
        Thread.Sleep(5);
        var second = codec.Generate("ory_at_").Signature;

        Assert.True(string.CompareOrdinal(first, second) < 0, $"{first} should sort before {second}");
    }

    [Fact]
    public void Tokens_survive_rotation_while_their_secret_is_still_listed()
    {
        var (token, _) = Codec("old-secret-0123456789").Generate("ory_rt_");
        Assert.True(Codec("new-secret-0123456789", "old-secret-0123456789").TryGetSignature(token, "ory_rt_", out _));
        Assert.False(Codec("new-secret-0123456789").TryGetSignature(token, "ory_rt_", out _));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("ory_at_")]
    [InlineData("ory_at_abc")]
    [InlineData("ory_at_.sig")]
    [InlineData("ory_at_key.")]
    [InlineData("ory_at_a.b.c")]
    [InlineData("ory_at_0123456789ab.sig")]
    [InlineData("ory_ac_valid-looking.signature")]
    public void Malformed_tokens_are_rejected_without_exceptions(string? token)
    {
        Assert.False(Codec("current-secret-0123456789").TryGetSignature(token, "ory_at_", out var signature));
        Assert.Equal("", signature);
    }

    [Fact]
    public void Tampered_tokens_and_wrong_prefixes_are_rejected()
    {
        var codec = Codec("current-secret-0123456789");
        var (token, _) = codec.Generate("ory_at_");
        var tampered = token[..8] + (token[8] == 'A' ? 'B' : 'A') + token[9..];
        Assert.False(codec.TryGetSignature(tampered, "ory_at_", out _));
        Assert.False(codec.TryGetSignature(token, "ory_rt_", out _));
    }

    [Fact]
    public void Extra_text_non_ascii_characters_and_overlong_tokens_are_rejected()
    {
        var codec = Codec("current-secret-0123456789");
        var (token, _) = codec.Generate("ory_at_");
        var dot = token.IndexOf('.');

        Assert.False(codec.TryGetSignature(token + "A", "ory_at_", out _));
        Assert.False(codec.TryGetSignature(token[..^1], "ory_at_", out _));
        Assert.False(codec.TryGetSignature(token + ".x", "ory_at_", out _));
        Assert.False(codec.TryGetSignature(token[..(dot - 1)] + "\u00e9" + token[dot..], "ory_at_", out _));
        Assert.False(codec.TryGetSignature(token[..dot] + new string('x', 600) + token[dot..], "ory_at_", out _));
    }

    [Fact]
    public void Every_token_is_different()
    {
        var codec = Codec("current-secret-0123456789");
        var tokens = Enumerable.Range(0, 1000).Select(_ => codec.Generate("ory_ac_").Token).ToHashSet();
        Assert.Equal(1000, tokens.Count);
    }
}

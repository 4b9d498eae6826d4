using Tessera.Platform.Crypto;

namespace Tessera.Platform.Tests.Crypto;

public sealed class SecretHasherTests
{
    [Theory]
    [InlineData("pbkdf2")]
    [InlineData("bcrypt")]
    public void Hash_then_verify(string algorithm)
    {
        var hasher = new SecretHasher(algorithm, pbkdf2Iterations: 1000, bcryptCost: 4);
        var stored = hasher.Hash("client-secret");
        Assert.DoesNotContain("client-secret", stored);
        Assert.True(hasher.Verify(stored, "client-secret"));
        Assert.False(hasher.Verify(stored, "client-secreT"));
        Assert.False(hasher.Verify(stored, ""));
    }

    [Fact]
    public void Either_format_verifies_whatever_the_configured_algorithm()
    {
        var bcrypt = new SecretHasher("bcrypt", bcryptCost: 4).Hash("s3cret");
        var pbkdf2 = new SecretHasher("pbkdf2", pbkdf2Iterations: 1000).Hash("s3cret");
        var hasher = new SecretHasher("pbkdf2");
        Assert.True(hasher.Verify(bcrypt, "s3cret"));
        Assert.True(hasher.Verify(pbkdf2, "s3cret"));
        Assert.StartsWith("$pbkdf2-sha256$i=1000,l=32$", pbkdf2);
        Assert.StartsWith("$2", bcrypt);
    }

    [Fact]
    public void Salts_differ_so_equal_secrets_hash_differently()
    {
        var hasher = new SecretHasher(pbkdf2Iterations: 1000);
        Assert.NotEqual(hasher.Hash("same"), hasher.Hash("same"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("plaintext")]
    [InlineData("$pbkdf2-sha256$")]
    [InlineData("$pbkdf2-sha256$i=x,l=32$a$b")]
    [InlineData("$pbkdf2-sha256$i=1000,l=32$!!$!!")]
    [InlineData("$pbkdf2-sha256$i=999999999,l=32$AAAA$AAAA")]
    [InlineData("$2a$04$tooshort")]
    public void Malformed_stored_hashes_never_verify_or_throw(string stored)
        => Assert.False(new SecretHasher().Verify(stored, "anything"));

    [Fact]
    public void The_slow_hash_is_paid_once_per_secret()
    {
        var hasher = new SecretHasher(pbkdf2Iterations: 1000);
        var stored = hasher.Hash("client-secret");
        for (var i = 0; i < 50; i++)
        {
            Assert.True(hasher.Verify(stored, "client-secret"));
        }

        Assert.Equal(1, hasher.SlowVerifications);

        // A wrong secret is never cached, and a changed secret (new stored hash) misses the cache.
        Assert.False(hasher.Verify(stored, "wrong"));
        Assert.False(hasher.Verify(stored, "wrong"));
        Assert.Equal(3, hasher.SlowVerifications);
        var changed = hasher.Hash("client-secret");
        Assert.True(hasher.Verify(changed, "client-secret"));
        Assert.Equal(4, hasher.SlowVerifications);
    }

    [Fact]
    public void Unknown_algorithms_are_refused()
        => Assert.Throws<ArgumentException>(() => new SecretHasher("md5"));
}

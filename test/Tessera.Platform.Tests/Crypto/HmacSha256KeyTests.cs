using System.Security.Cryptography;
using System.Text;
using Tessera.Platform.Crypto;

namespace Tessera.Platform.Tests.Crypto;

public sealed class HmacSha256KeyTests
{
    [Theory]
    [InlineData(0, 0)]
    [InlineData(1, 55)]
    [InlineData(32, 64)]
    [InlineData(64, 65)]
    [InlineData(65, 200)]
    [InlineData(131, 2000)]
    public void Equals_the_platform_hmac_for_keys_and_messages_of_every_size(int keyLength, int messageLength)
    {
        var key = RandomNumberGenerator.GetBytes(keyLength);
        var message = RandomNumberGenerator.GetBytes(messageLength);
        var mac = new byte[HmacSha256Key.MacBytes];

        new HmacSha256Key(key).Compute(message, mac);

        Assert.Equal(HMACSHA256.HashData(key, message), mac);
    }

    [Fact]
    public void Matches_rfc_4231_test_case_2()
    {
        var mac = new byte[HmacSha256Key.MacBytes];
        new HmacSha256Key("Jefe"u8).Compute(Encoding.ASCII.GetBytes("what do ya want for nothing?"), mac);

        Assert.Equal("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843", Convert.ToHexStringLower(mac));
    }

    [Fact]
    public async Task Callers_at_once_and_one_after_another_each_get_their_own_mac()
    {
        var key = new HmacSha256Key("shared-key"u8);
        var failures = 0;
        await Task.WhenAll(Enumerable.Range(0, 8).Select(worker => Task.Run(() =>
        {
            var mac = new byte[HmacSha256Key.MacBytes];
            for (var i = 0; i < 2000; i++)
            {
                var message = Encoding.ASCII.GetBytes($"message {worker} {i}");
                key.Compute(message, mac);
                if (!mac.AsSpan().SequenceEqual(HMACSHA256.HashData("shared-key"u8.ToArray(), message)))
                {
                    Interlocked.Increment(ref failures);
                }
            }
        })));

        Assert.Equal(0, failures);
    }
}

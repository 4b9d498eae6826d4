using Tessera.Platform.Crypto;

namespace Tessera.Platform.Tests.Crypto;

public sealed class SecretBoxTests
{
    private static SecretBox Box(params string[] secrets) => new(new SecretKeys(secrets));

    [Fact]
    public void Seal_then_open_round_trips()
    {
        var box = Box("system-secret-0123456789");
        var sealedText = box.Seal("jwk", "private key material");
        Assert.StartsWith("v1.", sealedText);
        Assert.DoesNotContain("private", sealedText);
        Assert.Equal("private key material", box.OpenString("jwk", sealedText));
    }

    [Fact]
    public void A_box_opens_only_for_its_purpose()
    {
        var box = Box("system-secret-0123456789");
        Assert.Null(box.Open("login-challenge", box.Seal("consent-challenge", "state")));
    }

    [Fact]
    public void Rotation_old_secret_second_still_opens_removed_secret_does_not()
    {
        var sealedText = Box("old-secret-0123456789").Seal("cookie", "value");
        Assert.Equal("value", Box("new-secret-0123456789", "old-secret-0123456789").OpenString("cookie", sealedText));
        Assert.Null(Box("new-secret-0123456789").Open("cookie", sealedText));
        // New boxes are sealed with the first secret.
        var fresh = Box("new-secret-0123456789", "old-secret-0123456789").Seal("cookie", "value");
        Assert.Null(Box("old-secret-0123456789").Open("cookie", fresh));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("v1.")]
    [InlineData("v1.!!!not-base64!!!")]
    [InlineData("v2.AAAA")]
    [InlineData("v1.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public void Garbage_is_rejected_without_exceptions(string? input)
    {
        Assert.Null(Box("system-secret-0123456789").Open("jwk", input));
        Assert.Null(Box("system-secret-0123456789").Open("jwk", System.Text.Encoding.UTF8.GetBytes(input ?? "")));
    }

    [Fact]
    public void A_box_read_as_utf8_bytes_opens_like_its_text()
    {
        var box = Box("system-secret-0123456789");
        var sealedText = box.Seal("token-session", "{\"sub\":\"alice\"}");
        var utf8 = System.Text.Encoding.UTF8.GetBytes(sealedText);
        Assert.Equal(box.Open("token-session", sealedText), box.Open("token-session", utf8));
        Assert.Null(box.Open("other", utf8));
        utf8[^2] = (byte)(utf8[^2] == 'A' ? 'B' : 'A');
        Assert.Null(box.Open("token-session", utf8));
    }

    [Fact]
    public void Tampering_is_detected()
    {
        var box = Box("system-secret-0123456789");
        var sealedText = box.Seal("jwk", "data");
        var flipped = sealedText[..^2] + (sealedText[^2] == 'A' ? 'B' : 'A') + sealedText[^1];
        Assert.Null(box.Open("jwk", flipped));
    }

    [Fact]
    public async Task Boxes_sealed_and_opened_from_many_threads_at_once_all_round_trip()
    {
        var box = Box("new-secret-0123456789", "old-secret-0123456789");
        var old = Box("old-secret-0123456789");
        var failures = 0;
        await Task.WhenAll(Enumerable.Range(0, 8).Select(worker => Task.Run(() =>
        {
            for (var i = 0; i < 500; i++)
            {
                var text = $"worker {worker} box {i}";
                // Every other box is opened with the second secret, after the first one failed.
                var sealedText = i % 2 == 0 ? box.Seal("token-session", text) : old.Seal("token-session", text);
                if (box.OpenString("token-session", sealedText) != text)
                {
                    Interlocked.Increment(ref failures);
                }
            }
        })));

        Assert.Equal(0, failures);
    }
}

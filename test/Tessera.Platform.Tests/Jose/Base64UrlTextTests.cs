using Tessera.Platform.Jose;

namespace Tessera.Platform.Tests.Jose;

public sealed class Base64UrlTextTests
{
    [Theory]
    [InlineData("", new byte[0])]
    [InlineData("AA", new byte[] { 0 })]
    [InlineData("_-8", new byte[] { 0xff, 0xef })]
    [InlineData("AQID", new byte[] { 1, 2, 3 })]
    public void Decodes_unpadded_base64url(string text, byte[] expected)
        => Assert.Equal(expected, Base64UrlText.Decode(text));

    [Theory]
    [InlineData("A")]
    [InlineData("AA==")]
    [InlineData("A+B/")]
    [InlineData("AA AA")]
    [InlineData("AA\n")]
    [InlineData("ÄÄ")]
    public void Refuses_what_is_not_unpadded_base64url(string text)
        => Assert.Null(Base64UrlText.Decode(text));

    [Theory]
    [InlineData("AB")]
    [InlineData("AAB")]
    public void Set_trailing_bits_are_refused_so_each_value_has_one_spelling(string text)
        => Assert.Null(Base64UrlText.Decode(text));
}

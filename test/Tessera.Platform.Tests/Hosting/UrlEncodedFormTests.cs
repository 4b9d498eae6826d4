using System.Buffers;
using System.Text;
using Microsoft.AspNetCore.Http.Features;
using Tessera.Platform.Hosting;

namespace Tessera.Platform.Tests.Hosting;

public sealed class UrlEncodedFormTests
{
    private static List<KeyValuePair<string, string>> Parse(string body, FormOptions? limits = null)
        => UrlEncodedForm.Parse(new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(body)), limits ?? new FormOptions());

    [Fact]
    public void Pairs_are_decoded_in_order_and_names_kept_as_sent()
    {
        var pairs = Parse("grant_type=client_credentials&scope=read+write&redirect_uri=https%3A%2F%2Fapp%2Fcb%3Fa%3D1&Scope=x&caf%C3%A9=%E2%9C%93");

        Assert.Equal(
            [new("grant_type", "client_credentials"), new("scope", "read write"), new("redirect_uri", "https://app/cb?a=1"), new("Scope", "x"), new("café", "✓")],
            pairs);
    }

    [Fact]
    public void Empty_pairs_are_skipped_and_a_name_without_value_is_empty()
        => Assert.Equal([new("a", ""), new("b", "1"), new("", "2")], Parse("&a&&b=1&=2&"));

    [Theory]
    [InlineData("a=%", "%")]
    [InlineData("a=%4", "%4")]
    [InlineData("a=%zz1", "%zz1")]
    [InlineData("a=100%25", "100%")]
    [InlineData("a=%00", "\0")]
    public void Broken_escapes_stay_as_they_are(string body, string value)
        => Assert.Equal(value, Parse(body).Single().Value);

    [Fact]
    public void Limits_are_enforced()
    {
        var limits = new FormOptions { ValueCountLimit = 3, KeyLengthLimit = 5, ValueLengthLimit = 8 };
        Assert.Throws<InvalidDataException>(() => Parse("a=1&b=2&c=3&d=4", limits));
        Assert.Throws<InvalidDataException>(() => Parse("longname=1", limits));
        Assert.Throws<InvalidDataException>(() => Parse("a=123456789", limits));
        Assert.Equal(3, Parse("a=1&b=2&c=3", limits).Count);
    }

    [Theory]
    [InlineData("application/x-www-form-urlencoded", true)]
    [InlineData("application/x-www-form-urlencoded; charset=UTF-8", true)]
    [InlineData("Application/X-WWW-Form-Urlencoded;charset=utf-8", true)]
    [InlineData("application/x-www-form-urlencodedx", false)]
    [InlineData("multipart/form-data; boundary=x", false)]
    [InlineData("application/json", false)]
    [InlineData(null, false)]
    public void Only_the_urlencoded_media_type_is_taken(string? contentType, bool expected)
        => Assert.Equal(expected, UrlEncodedForm.IsUrlEncoded(contentType));
}

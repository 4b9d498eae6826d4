using System.Text;
using System.Text.Json.Nodes;
using Tessera.Platform.Json;

namespace Tessera.Platform.Tests.Json;

public sealed class StrictJsonTests
{
    private static (bool Ok, JsonNode? Value, string? Problem) Parse(byte[] utf8)
    {
        var ok = StrictJson.TryParse(utf8, out var value, out var problem);
        return (ok, value, problem);
    }

    private static (bool Ok, JsonNode? Value, string? Problem) Parse(string json) => Parse(Encoding.UTF8.GetBytes(json));

    [Theory]
    [InlineData("""{"a":1,"b":[true,null,"x"],"c":{"d":"é"}}""")]
    [InlineData("""{"emoji":"\ud83e\udd80","raw":"🦀","nul":"\u0000"}""")]
    [InlineData("""[1e999,123456789012345678901234567890,-0]""")]
    [InlineData("  \"text\"  ")]
    public void Acceptable_json_parses_and_every_string_reads(string json)
    {
        var (ok, value, problem) = Parse(json);
        Assert.True(ok, problem);
        // Nothing is left to fail later: the whole tree writes out.
        Assert.NotNull(value!.ToJsonString());
    }

    [Fact]
    public void The_null_literal_parses_to_null()
    {
        var (ok, value, _) = Parse("null");
        Assert.True(ok);
        Assert.Null(value);
    }

    [Theory]
    [InlineData("""{"a":1,"a":2}""")]
    [InlineData("""{"a":1,"\u0061":2}""")]
    [InlineData("""{"x":{"client_name":"a","client_name":"b"}}""")]
    [InlineData("""[{"a":1,"a":1}]""")]
    public void A_member_sent_twice_is_refused(string json)
    {
        var (ok, _, problem) = Parse(json);
        Assert.False(ok);
        Assert.Contains("Duplicate", problem, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("""{"a":"\ud800"}""")]
    [InlineData("""{"a":"\udc00"}""")]
    [InlineData("""{"a":"\udc00\ud800"}""")]
    [InlineData("""{"a":"\ud800\ud800"}""")]
    [InlineData("""{"\ud800":1}""")]
    [InlineData("""{"metadata":{"x":["\udfff"]}}""")]
    public void A_lone_surrogate_escape_is_refused(string json)
    {
        var (ok, _, problem) = Parse(json);
        Assert.False(ok);
        Assert.Contains("not valid Unicode", problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new byte[] { 0xff, 0xfe })]
    [InlineData(new byte[] { 0xc0, 0xaf })]
    [InlineData(new byte[] { 0xed, 0xa0, 0x80 })]
    [InlineData(new byte[] { 0xe2, 0x82 })]
    public void Invalid_utf8_in_a_string_is_refused(byte[] bad)
    {
        var (ok, _, problem) = Parse([.. "{\"a\":\""u8, .. bad, .. "\"}"u8]);
        Assert.False(ok);
        Assert.NotNull(problem);
    }

    [Fact]
    public void Nesting_is_capped_at_64()
    {
        Assert.True(Parse(new string('[', 64) + new string(']', 64)).Ok);
        Assert.False(Parse(new string('[', 65) + new string(']', 65)).Ok);
        Assert.False(Parse(new string('[', 100_000)).Ok);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("{")]
    [InlineData("{}garbage")]
    [InlineData("{}{}")]
    [InlineData("{'a':1}")]
    [InlineData("{\"a\":NaN}")]
    [InlineData("/* c */ {}")]
    [InlineData("{\"a\":1,}")]
    public void Malformed_json_is_refused_with_a_reason(string json)
    {
        var (ok, _, problem) = Parse(json);
        Assert.False(ok);
        Assert.False(string.IsNullOrEmpty(problem));
    }

    [Fact]
    public void A_utf8_byte_order_mark_is_skipped()
    {
        var (ok, value, _) = Parse([0xef, 0xbb, 0xbf, .. "{\"a\":1}"u8]);
        Assert.True(ok);
        Assert.Equal(1, value!["a"]!.GetValue<int>());
    }
}

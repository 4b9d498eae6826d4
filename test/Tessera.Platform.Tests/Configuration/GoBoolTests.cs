using Tessera.Platform.Configuration;

namespace Tessera.Platform.Tests.Configuration;

public sealed class GoBoolTests
{
    [Theory]
    [InlineData("1", true)]
    [InlineData("t", true)]
    [InlineData("T", true)]
    [InlineData("TRUE", true)]
    [InlineData("true", true)]
    [InlineData("True", true)]
    [InlineData("0", false)]
    [InlineData("f", false)]
    [InlineData("F", false)]
    [InlineData("FALSE", false)]
    [InlineData("false", false)]
    [InlineData("False", false)]
    public void Reads_what_strconv_ParseBool_reads(string text, bool expected)
    {
        Assert.True(GoBool.TryParse(text, out var value));
        Assert.Equal(expected, value);
        Assert.Equal(expected, GoBool.IsTrue(text));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("yes")]
    [InlineData("tRUE")]
    [InlineData(" true")]
    [InlineData("2")]
    public void Refuses_everything_else_which_is_not_true(string? text)
    {
        Assert.False(GoBool.TryParse(text, out _));
        Assert.False(GoBool.IsTrue(text));
    }
}

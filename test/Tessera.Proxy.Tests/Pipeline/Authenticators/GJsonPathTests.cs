using System.Text.Json;
using Tessera.Proxy.Pipeline;

namespace Tessera.Proxy.Tests.Pipeline.Authenticators;

public sealed class GJsonPathTests
{
    private const string Document = """{"a":{"b.c":"dot","list":[{"n":"x"},{"n":"y"},{"m":1}]},"s":"t"}""";

    [Theory]
    [InlineData("s", "\"t\"")]
    [InlineData("a.b\\.c", "\"dot\"")]
    [InlineData("a.list.#", "3")]
    [InlineData("a.list.1.n", "\"y\"")]
    [InlineData("a.list.#.n", "[\"x\",\"y\"]")]
    [InlineData("a.list.9", null)]
    [InlineData("missing.key", null)]
    [InlineData("@this", Document)]
    public void Finds_what_gjson_finds(string path, string? raw)
    {
        using var document = JsonDocument.Parse(Document);
        Assert.Equal(raw, GJsonPath.TryParse(path, out _)!.Raw(document.RootElement));
    }

    [Theory]
    [InlineData("a.*")]
    [InlineData("a|b")]
    [InlineData("a.#(n==\"x\")")]
    [InlineData("@reverse")]
    public void Refuses_syntax_outside_the_subset(string path)
    {
        Assert.Null(GJsonPath.TryParse(path, out var problem));
        Assert.NotNull(problem);
    }
}

using System.Text.Json.Nodes;
using Tessera.Platform.Json;

namespace Tessera.Platform.Tests.Json;

public sealed class JsonPatchTests
{
    private static string Apply(string document, string patch)
        => JsonPatch.Apply(JsonNode.Parse(document), JsonNode.Parse(patch))?.ToJsonString() ?? "null";

    private static string Fails(string document, string patch)
        => Assert.Throws<JsonPatchException>(() => JsonPatch.Apply(JsonNode.Parse(document), JsonNode.Parse(patch))).Message;

    // The examples of RFC 6902 appendix A, each as document, patch, result.
    [Theory]
    [InlineData("""{"foo":"bar"}""", """[{"op":"add","path":"/baz","value":"qux"}]""", """{"foo":"bar","baz":"qux"}""")]
    [InlineData("""{"foo":["bar","baz"]}""", """[{"op":"add","path":"/foo/1","value":"qux"}]""", """{"foo":["bar","qux","baz"]}""")]
    [InlineData("""{"baz":"qux","foo":"bar"}""", """[{"op":"remove","path":"/baz"}]""", """{"foo":"bar"}""")]
    [InlineData("""{"foo":["bar","qux","baz"]}""", """[{"op":"remove","path":"/foo/1"}]""", """{"foo":["bar","baz"]}""")]
    [InlineData("""{"baz":"qux","foo":"bar"}""", """[{"op":"replace","path":"/baz","value":"boo"}]""", """{"baz":"boo","foo":"bar"}""")]
    [InlineData("""{"foo":{"bar":"baz","waldo":"fred"},"qux":{"corge":"grault"}}""", """[{"op":"move","from":"/foo/waldo","path":"/qux/thud"}]""", """{"foo":{"bar":"baz"},"qux":{"corge":"grault","thud":"fred"}}""")]
    [InlineData("""{"foo":["all","grass","cows","eat"]}""", """[{"op":"move","from":"/foo/1","path":"/foo/3"}]""", """{"foo":["all","cows","eat","grass"]}""")]
    [InlineData("""{"baz":"qux","foo":["a",2,"c"]}""", """[{"op":"test","path":"/baz","value":"qux"},{"op":"test","path":"/foo/1","value":2}]""", """{"baz":"qux","foo":["a",2,"c"]}""")]
    [InlineData("""{"foo":"bar"}""", """[{"op":"add","path":"/child","value":{"grandchild":{}}}]""", """{"foo":"bar","child":{"grandchild":{}}}""")]
    [InlineData("""{"foo":"bar"}""", """[{"op":"add","path":"/baz","value":"qux","xyz":123}]""", """{"foo":"bar","baz":"qux"}""")]
    [InlineData("""{"/":9,"~1":10}""", """[{"op":"test","path":"/~01","value":10}]""", """{"/":9,"~1":10}""")]
    [InlineData("""{"foo":["bar"]}""", """[{"op":"add","path":"/foo/-","value":["abc","def"]}]""", """{"foo":["bar",["abc","def"]]}""")]
    [InlineData("""{"foo":null}""", """[{"op":"test","path":"/foo","value":null}]""", """{"foo":null}""")]
    [InlineData("""{"a/b":1,"m~n":2}""", """[{"op":"replace","path":"/a~1b","value":3},{"op":"remove","path":"/m~0n"}]""", """{"a/b":3}""")]
    public void Rfc6902_examples_give_the_documented_result(string document, string patch, string expected)
        => Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), JsonNode.Parse(Apply(document, patch))), Apply(document, patch));

    [Fact]
    public void Copy_takes_a_deep_copy_and_add_on_the_root_replaces_the_document()
    {
        Assert.Equal("""{"a":{"b":[1]},"c":{"b":[1,2]}}""", Apply("""{"a":{"b":[1]}}""", """[{"op":"copy","from":"/a","path":"/c"},{"op":"add","path":"/c/b/-","value":2}]"""));
        Assert.Equal("""[1]""", Apply("""{"a":1}""", """[{"op":"add","path":"","value":[1]}]"""));
        Assert.Equal("""{"a":1}""", Apply("""{"a":1}""", """[{"op":"move","from":"/a","path":"/a"}]"""));
    }

    [Fact]
    public void Tests_compare_numbers_by_value_and_objects_regardless_of_member_order()
    {
        Assert.Equal("""{"n":1}""", Apply("""{"n":1}""", """[{"op":"test","path":"/n","value":1.0}]"""));
        Apply("""{"o":{"a":1,"b":[true]}}""", """[{"op":"test","path":"/o","value":{"b":[true],"a":1}}]""");
    }

    // RFC 6902 appendix A errors, plus malformed operations and pointers.
    [Theory]
    [InlineData("""{"foo":"bar"}""", """[{"op":"add","path":"/baz/bat","value":"qux"}]""", "/baz/bat")]
    [InlineData("""{"baz":"qux"}""", """[{"op":"test","path":"/baz","value":"bar"}]""", "test")]
    [InlineData("""{"/":9,"~1":10}""", """[{"op":"test","path":"/~01","value":"10"}]""", "test")]
    [InlineData("""{"foo":"bar"}""", """[{"op":"remove","path":"/nope"}]""", "/nope")]
    [InlineData("""{"foo":"bar"}""", """[{"op":"replace","path":"/nope","value":1}]""", "/nope")]
    [InlineData("""{"a":[1,2]}""", """[{"op":"add","path":"/a/3","value":1}]""", "/a/3")]
    [InlineData("""{"a":[1,2]}""", """[{"op":"add","path":"/a/01","value":1}]""", "/a/01")]
    [InlineData("""{"a":[1,2]}""", """[{"op":"remove","path":"/a/-"}]""", "/a/-")]
    [InlineData("""{"a":{"b":1}}""", """[{"op":"move","from":"/a","path":"/a/b/c"}]""", "own child")]
    [InlineData("""{"a":1}""", """[{"op":"copy","from":"/x","path":"/b"}]""", "/x")]
    [InlineData("""{"a":1}""", """[{"op":"add","path":"/b"}]""", "\"value\"")]
    [InlineData("""{"a":1}""", """[{"op":"move","path":"/b"}]""", "\"from\"")]
    [InlineData("""{"a":1}""", """[{"path":"/b","value":1}]""", "\"op\"")]
    [InlineData("""{"a":1}""", """[{"op":"merge","path":"/b","value":1}]""", "merge")]
    [InlineData("""{"a":1}""", """[{"op":"add","path":"b","value":1}]""", "start with '/'")]
    [InlineData("""{"a":1}""", """[{"op":"add","path":"/~2","value":1}]""", "~")]
    [InlineData("""{"a":1}""", """{"op":"add","path":"/b","value":1}""", "array")]
    [InlineData("""{"a":1}""", """[1]""", "object")]
    public void Bad_patches_are_refused_naming_the_problem(string document, string patch, string fragment)
        => Assert.Contains(fragment, Fails(document, patch), StringComparison.Ordinal);

    [Fact]
    public void A_failing_operation_leaves_the_input_untouched()
    {
        var document = JsonNode.Parse("""{"a":1}""");
        Assert.Throws<JsonPatchException>(() => JsonPatch.Apply(document, JsonNode.Parse("""[{"op":"remove","path":"/a"},{"op":"test","path":"/a","value":1}]""")));
        Assert.Equal("""{"a":1}""", document!.ToJsonString());
    }
}

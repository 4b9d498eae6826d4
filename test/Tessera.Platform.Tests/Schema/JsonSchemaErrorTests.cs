using System.Text.Json.Nodes;
using Tessera.Platform.Schema;

namespace Tessera.Platform.Tests.Schema;

public sealed class JsonSchemaErrorTests
{
    private static readonly JsonSchema Config = JsonSchema.Compile(JsonNode.Parse("""
        {
          "type": "object",
          "additionalProperties": false,
          "required": ["dsn"],
          "properties": {
            "dsn": { "type": "string" },
            "serve": {
              "type": "object",
              "additionalProperties": false,
              "properties": {
                "public": {
                  "type": "object",
                  "properties": { "port": { "type": "integer", "minimum": 1, "maximum": 65535 } }
                }
              }
            },
            "log": { "type": "object", "properties": { "format": { "enum": ["json", "text"] } } },
            "urls": { "type": "object", "properties": { "issuer": { "type": "string", "format": "uri" } } }
          }
        }
        """), new JsonSchemaOptions { AssertFormat = true });

    [Fact]
    public void Every_error_is_reported_with_its_location_and_rule_but_not_the_value()
    {
        var result = Config.Validate(JsonNode.Parse("""
            { "serve": { "public": { "port": 99999 }, "bogus": 1 }, "log": { "format": "xml" }, "urls": { "issuer": "not a uri" } }
            """));

        Assert.False(result.IsValid);
        Assert.Contains(result.Errors, e => e is { InstanceLocation: "", Keyword: "required" } && e.Message.Contains("\"dsn\""));
        Assert.Contains(result.Errors, e => e is { InstanceLocation: "/serve/public/port", Keyword: "maximum", Message: "must be <= 65535" });
        Assert.Contains(result.Errors, e => e is { InstanceLocation: "/serve/bogus", Keyword: "additionalProperties" });
        Assert.Contains(result.Errors, e => e is { InstanceLocation: "/log/format", Keyword: "enum", Message: "must be one of: \"json\", \"text\"" });
        Assert.Contains(result.Errors, e => e is { InstanceLocation: "/urls/issuer", Keyword: "format", Message: "must be a valid \"uri\"" });
        Assert.All(result.Errors, e => Assert.DoesNotContain("99999", e.Message));
        Assert.Equal(5, result.Errors.Count);
    }

    [Fact]
    public void Valid_document_has_no_errors()
    {
        var result = Config.Validate(JsonNode.Parse("""{ "dsn": "memory", "serve": { "public": { "port": 4444 } } }"""));
        Assert.True(result.IsValid);
        Assert.Empty(result.Errors);
    }

    [Fact]
    public void Pointer_segments_are_escaped()
    {
        var schema = JsonSchema.Compile(JsonNode.Parse("""{ "additionalProperties": false }"""));
        var result = schema.Validate(JsonNode.Parse("""{ "a/b~c": 1 }"""));
        Assert.Equal("/a~1b~0c", Assert.Single(result.Errors).InstanceLocation);
    }

    [Fact]
    public void Unresolvable_reference_fails_at_compile_time()
    {
        var e = Assert.Throws<JsonSchemaException>(() => JsonSchema.Compile(JsonNode.Parse("""{ "$ref": "#/$defs/missing" }""")));
        Assert.Contains("#/$defs/missing", e.Message);
    }

    [Fact]
    public void Format_is_an_annotation_unless_asserted()
    {
        var schema = JsonNode.Parse("""{ "format": "email" }""");
        Assert.True(JsonSchema.Compile(schema).Validate(JsonValue.Create("nope")).IsValid);
        Assert.False(JsonSchema.Compile(schema, new JsonSchemaOptions { AssertFormat = true }).Validate(JsonValue.Create("nope")).IsValid);
    }
}

using System.Text.Json;
using Tessera.Platform.Templates;

namespace Tessera.Platform.Tests.Templates;

/// <summary>Test data shaped like Go's exec_test.go T struct, plus an Oathkeeper authentication session.</summary>
internal static class TemplateData
{
    private static TemplateValue I(long v) => TemplateValue.Int(v);

    private static TemplateValue S(string v) => TemplateValue.String(v);

    private static KeyValuePair<string, TemplateValue> F(string name, TemplateValue value) => new(name, value);

    public static TemplateValue Json(string json) => TemplateJson.From(JsonDocument.Parse(json).RootElement.Clone());

    public static TemplateValue T { get; } = TemplateValue.Object(new TemplateStruct("template.T",
    [
        F("True", TemplateValue.True),
        F("False", TemplateValue.False),
        F("I", I(17)),
        F("Neg", I(-3)),
        F("Zero", I(0)),
        F("X", S("x")),
        F("Empty", S("")),
        F("FloatZero", TemplateValue.Float(0)),
        F("F", TemplateValue.Float(1.5)),
        F("Big", TemplateValue.Float(1e6)),
        F("SI", TemplateValue.List([I(3), I(4), I(5)])),
        F("SIEmpty", TemplateValue.List([])),
        F("SS", TemplateValue.Strings(["a", "b"])),
        F("MSI", TemplateValue.Map(new Dictionary<string, TemplateValue> { ["one"] = I(1), ["two"] = I(2), ["three"] = I(3) })),
        F("MSIEmpty", TemplateValue.Map(new Dictionary<string, TemplateValue>())),
        F("Nil", TemplateValue.Nil),
        F("HTML", S("<a href=\"x\">&'</a>")),
        F("U", TemplateValue.Object(new TemplateStruct("*template.U", [F("V", S("v"))]))),
        F("J", Json("""{"n": 1, "big": 1000000, "small": 0.00001, "f": 2.5, "s": "str", "b": true, "z": null, "list": [1, "a", null], "obj": {"k": "v"}}""")),
    ]));

    /// <summary>Oathkeeper's AuthenticationSession for a request GET https://api.example.com/users/42?tenant=acme&amp;x=1&amp;x=2.</summary>
    public static TemplateValue Session { get; } = TemplateValue.Object(new TemplateStruct("*authn.AuthenticationSession",
    [
        F("Subject", S("user-42")),
        F("Extra", Json("""{"email": "a@example.com", "roles": ["admin", "dev"], "age": 30, "org": {"id": "o1"}}""")),
        F("Header", TemplateValue.Map(new TemplateHeader([new("x-user", ["alice"]), new("Accept", ["a", "b"])]))),
        F("MatchContext", TemplateValue.Object(new TemplateStruct("authn.MatchContext",
        [
            F("RegexpCaptureGroups", TemplateValue.Strings(["users", "42"])),
            F("URL", TemplateValue.Object(new TemplateUrl("https", "api.example.com", "/users/42", "tenant=acme&x=1&x=2"))),
            F("Method", S("GET")),
            F("Header", TemplateValue.Map(new TemplateHeader([new("authorization", ["Bearer t0k"]), new("Content-Type", ["application/json"])]))),
        ]))),
    ]));
}

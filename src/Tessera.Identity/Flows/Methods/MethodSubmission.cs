using System.Text.Json.Nodes;
using Tessera.Identity.Schemas;

namespace Tessera.Identity.Flows.Methods;

/// <summary>
/// A form submitted to a flow: the body as JSON (a urlencoded form is read into the same shape, dotted
/// names nested: <c>traits.email</c> → <c>{"traits":{"email":…}}</c>), its <c>method</c>, the flow and
/// its schema, the request (for the anti-CSRF token and content negotiation), and the flow's methods
/// (a step that changes the whole form asks each to fill its part).
/// </summary>
internal sealed record MethodSubmission(SelfServiceFlow Flow, JsonObject Body, IdentitySchema Schema, FlowForm Form, FlowRequest Request, DateTimeOffset Now, IReadOnlyList<IFlowMethod> Methods, bool FormEncoded)
{
    public string? Method => Field("method");

    public string? Field(string name) => Body[name] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
}

using System.Text.Json.Nodes;
using Tessera.Identity.Flows;

namespace Tessera.Identity.Hooks;

/// <summary>
/// What a web hook's answer means for the flow: go on (with <see cref="Identity"/> changes when the answer was parsed),
/// show <see cref="Messages"/> on the form (a parsed 4xx/5xx: per field, <c>""</c> for the form), or fail with <see cref="Error"/>.
/// </summary>
internal sealed record WebHookOutcome(JsonObject? Identity, IReadOnlyList<(string Field, UiText Message)>? Messages, FlowError? Error)
{
    public static WebHookOutcome Continue { get; } = new(null, null, null);
}

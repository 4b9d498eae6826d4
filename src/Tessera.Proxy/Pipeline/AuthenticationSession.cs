using System.Text.Json.Nodes;
using Tessera.Platform.Templates;

namespace Tessera.Proxy.Pipeline;

/// <summary>
/// Oathkeeper's <c>AuthenticationSession</c>: who the authenticator found (<see cref="Subject"/>, <see cref="Extra"/>),
/// the headers the mutators set for the upstream (accumulated; Go's <c>Header.Set</c>: canonical key, last
/// value wins) and the <see cref="MatchContext"/>. Templates see it as Go's struct: <c>.Subject</c>, <c>.Extra.x</c>,
/// <c>.Header.Get "X"</c>, <c>.MatchContext.RegexpCaptureGroups</c>, <c>.MatchContext.URL.Query.Get "q"</c>, …
/// </summary>
internal sealed class AuthenticationSession(MatchContext match)
{
    private readonly Dictionary<string, string> header = new(StringComparer.Ordinal);

    public string Subject { get; set; } = "";

    /// <summary>What an authenticator learnt about the subject (a session's identity, a token's claims).</summary>
    public JsonObject? Extra { get; set; }

    public MatchContext MatchContext { get; } = match;

    /// <summary>The headers for the upstream (or the decision's answer), by canonical name.</summary>
    public IReadOnlyDictionary<string, string> Header => header;

    /// <summary>The headers as Go's <c>http.Header</c> holds them: each name with its one value.</summary>
    public IEnumerable<KeyValuePair<string, string[]>> HeaderValues => header.Select(h => new KeyValuePair<string, string[]>(h.Key, [h.Value]));

    public void SetHeader(string name, string value) => header[TemplateHeader.CanonicalKey(name)] = value;

    /// <summary>Replaces every header set so far (the hydrator takes the remote's session whole).</summary>
    public void ReplaceHeaders(IEnumerable<KeyValuePair<string, string>> headers)
    {
        header.Clear();
        foreach (var (name, value) in headers)
        {
            SetHeader(name, value);
        }
    }

    /// <summary>The session as templates see it; each field is built when read, so it reflects the headers set so far.</summary>
    public TemplateValue ToTemplate() => TemplateValue.Object(new SessionTemplate(this));
}

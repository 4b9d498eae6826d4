using Tessera.Platform.Templates;

namespace Tessera.Proxy.Pipeline;

/// <summary>
/// Oathkeeper's <c>MatchContext</c>: the matched rule's capture groups and the request as matched — the URL
/// (scheme, host, the cleaned path, the raw query), the method and the request's headers.
/// </summary>
internal sealed record MatchContext(IReadOnlyList<string> RegexpCaptureGroups, RequestLocation Url, string Method, IReadOnlyList<KeyValuePair<string, string[]>> Header)
{
    private TemplateValue? template;

    /// <summary>The context as templates see it, built once (it does not change while the request is judged).</summary>
    public TemplateValue ToTemplate() => template ??= TemplateValue.Object(new TemplateStruct("authn.MatchContext",
    [
        new("RegexpCaptureGroups", TemplateValue.Strings(RegexpCaptureGroups)),
        new("URL", TemplateValue.Object(new TemplateUrl(Url.Scheme, Url.Host, GoPath.Escape(Url.Path), Url.RawQuery))),
        new("Method", TemplateValue.String(Method)),
        new("Header", TemplateValue.Map(new TemplateHeader(Header))),
    ]));
}

using Tessera.Platform.Templates;

namespace Tessera.Proxy.Pipeline;

/// <summary>
/// The session as a template sees it: Go's <c>*authn.AuthenticationSession</c>. Each field is built when the
/// template reads it, from the session as it is at that moment (so <c>.Header</c> shows the headers the
/// mutators before this one set); a template that reads only <c>.Subject</c> builds nothing else.
/// </summary>
internal sealed class SessionTemplate(AuthenticationSession session) : TemplateObject
{
    private static readonly string[] Names = ["Subject", "Extra", "Header", "MatchContext"];

    public override string TypeName => "*authn.AuthenticationSession";

    public override IReadOnlyList<string> FieldNames => Names;

    public override bool TryGetField(string name, out TemplateValue value)
    {
        switch (name)
        {
            case "Subject":
                value = TemplateValue.String(session.Subject);
                return true;
            case "Extra":
                value = session.Extra is null ? TemplateValue.Map(new Dictionary<string, TemplateValue>()) : TemplateJson.From(session.Extra);
                return true;
            case "Header":
                value = TemplateValue.Map(new TemplateHeader(session.HeaderValues));
                return true;
            case "MatchContext":
                value = session.MatchContext.ToTemplate();
                return true;
            default:
                value = default;
                return false;
        }
    }
}

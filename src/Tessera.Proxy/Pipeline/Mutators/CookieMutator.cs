using System.Text;
using Tessera.Platform.Templates;

namespace Tessera.Proxy.Pipeline.Mutators;

/// <summary>
/// <c>cookie</c>: sets the upstream's <c>Cookie</c> header to the cookies of <c>config.cookies</c> (Go templates
/// over the session, compiled at rule load) followed by the request's own cookies of other names, written as
/// Go's <c>Request.AddCookie</c> writes them (values with a space or comma quoted, invalid bytes dropped).
/// </summary>
internal sealed class CookieMutator(IReadOnlyList<(string Name, string Text, GoTemplate Template)> cookies, string ruleId) : IMutator
{
    public static HandlerFactory<IMutator> Factory { get; } = new("cookie", config =>
    {
        config.AllowOnly("cookies");
        var cookies = config.StringMap("cookies") ?? throw config.Fail("cookies", "is required");
        return new CookieMutator(cookies.Select(c => (c.Key, c.Value, config.Template("cookies", c.Key, c.Value))).ToList(), config.RuleId);
    });

    public ValueTask<PipelineError?> MutateAsync(PipelineRequest request, AuthenticationSession session, CancellationToken ct)
    {
        var header = new StringBuilder();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (name, text, template) in cookies)
        {
            string value;
            try
            {
                value = template.Execute(session.ToTemplate());
            }
            catch (TemplateExecutionException e)
            {
                return ValueTask.FromResult<PipelineError?>(PipelineError.Plain($"error executing cookie template \"{text}\" in rule \"{ruleId}\": {e.Message}"));
            }

            Append(header, name, value);
            names.Add(name);
        }

        foreach (var (name, value) in request.Http.Cookies)
        {
            if (!names.Contains(name))
            {
                Append(header, name, value);
            }
        }

        session.SetHeader("Cookie", header.ToString());
        return ValueTask.FromResult<PipelineError?>(null);
    }

    private static void Append(StringBuilder header, string name, string value)
    {
        if (header.Length > 0)
        {
            header.Append("; ");
        }

        header.Append(name.Replace('\n', '-').Replace('\r', '-')).Append('=');
        var clean = new StringBuilder(value.Length);
        foreach (var c in value)
        {
            if (c is > (char)0x20 and < (char)0x7f and not '"' and not ';' and not '\\' || c == ' ' || c == ',')
            {
                clean.Append(c);
            }
        }

        var text = clean.ToString();
        header.Append(text.Contains(' ', StringComparison.Ordinal) || text.Contains(',', StringComparison.Ordinal) ? "\"" + text + "\"" : text);
    }
}

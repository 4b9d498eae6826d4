using System.Text;
using Microsoft.Extensions.Logging;

namespace Tessera.Proxy.Rules.Repositories;

/// <summary><c>inline://&lt;base64&gt;</c>: a JSON or YAML rule document in the URL itself (standard base64, with padding).</summary>
internal sealed class InlineRuleSource(string name, string url, MatchingStrategy strategy, ILogger logger) : RuleSource(name, strategy, logger)
{
    public const string Scheme = "inline://";

    public override Task LoadAsync(CancellationToken ct)
    {
        string text;
        try
        {
            text = Encoding.UTF8.GetString(Convert.FromBase64String(url[Scheme.Length..]));
        }
        catch (FormatException)
        {
            Fail("the text after inline:// is not valid base64");
            return Task.CompletedTask;
        }

        Accept(text);
        return Task.CompletedTask;
    }
}

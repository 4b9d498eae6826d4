namespace Tessera.Proxy.Rules;

/// <summary>A <c>match.url</c> that cannot be compiled (unbalanced <c>&lt;…&gt;</c>, a bad regular expression or glob).</summary>
internal sealed class RulePatternException(string message) : Exception(message);

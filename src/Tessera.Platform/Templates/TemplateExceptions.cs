namespace Tessera.Platform.Templates;

/// <summary>A template that does not parse; the message is Go's (<c>template: name:line: …</c>).</summary>
public sealed class TemplateParseException(string message, string templateName, int line, int column) : Exception(message)
{
    public string TemplateName { get; } = templateName;

    public int Line { get; } = line;

    /// <summary>The 0-based column of the token where parsing stopped (Go's messages carry only the line).</summary>
    public int Column { get; } = column;
}

/// <summary>A failure while executing; the message is Go's (<c>template: name:line:col: executing "name" at &lt;node&gt;: …</c>).</summary>
public sealed class TemplateExecutionException(string message) : Exception(message);

/// <summary>Thrown by a function or method body; execution reports it as <c>error calling NAME: message</c>.</summary>
public sealed class TemplateFunctionException(string message) : Exception(message)
{
    /// <summary>An argument of the wrong type: Go reports it without "error calling".</summary>
    internal bool IsArgumentError { get; init; }

    /// <summary>The argument read by a typed <see cref="TemplateArgs"/> read, or -1.</summary>
    internal int ArgumentIndex { get; init; } = -1;

    /// <summary>What Go's literal check names the expected kind ("string", "integer", "bool"), when known.</summary>
    internal string? ExpectedLiteral { get; init; }
}

using System.Text;

namespace Tessera.Platform.Templates;

/// <summary>What a missing map key yields (Go's <c>missingkey</c> option).</summary>
public enum MissingKey
{
    /// <summary>"default"/"invalid": no value, printed as <c>&lt;no value&gt;</c>.</summary>
    Default,

    /// <summary>"zero": the map element type's zero value (nil for JSON maps: an action prints it <c>&lt;no value&gt;</c>, <c>print</c> as <c>&lt;nil&gt;</c>).</summary>
    Zero,

    /// <summary>"error": execution stops with an error.</summary>
    Error,
}

/// <summary>
/// A compiled Go text/template (with its <c>define</c>d and <c>block</c> templates). Parse once; execute any number
/// of times, concurrently: a compiled template is immutable.
/// </summary>
public sealed class GoTemplate
{
    private readonly Dictionary<string, ListNode> _definitions;

    private GoTemplate(string name, string text, Dictionary<string, ListNode> definitions, TemplateFunctions functions, MissingKey missingKey)
    {
        Name = name;
        Text = text;
        _definitions = definitions;
        Functions = functions;
        MissingKey = missingKey;
    }

    public string Name { get; }

    internal string Text { get; }

    public TemplateFunctions Functions { get; }

    public MissingKey MissingKey { get; }

    /// <summary>The names of every template in the set (the main one and those defined).</summary>
    public IEnumerable<string> TemplateNames => _definitions.Keys;

    /// <summary>Parses <paramref name="text"/> as template <paramref name="name"/>.</summary>
    /// <param name="functions">the functions templates may call; <see cref="TemplateFunctions.Sprig"/> when null.</param>
    /// <exception cref="TemplateParseException">the text does not parse (or names an unknown function).</exception>
    public static GoTemplate Parse(string name, string text, TemplateFunctions? functions = null, MissingKey missingKey = MissingKey.Default)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(text);
        functions ??= TemplateFunctions.Sprig;
        var definitions = new Dictionary<string, ListNode>(StringComparer.Ordinal);
        TemplateParser.Parse(name, text, functions, definitions);
        return new GoTemplate(name, text, definitions, functions, missingKey);
    }

    /// <summary>The same set with another template as the one <see cref="Execute(TemplateValue, StringBuilder)"/> runs, or null.</summary>
    public GoTemplate? Lookup(string name)
        => _definitions.ContainsKey(name) ? new GoTemplate(name, Text, _definitions, Functions, MissingKey) : null;

    internal ListNode? Definition(string name) => _definitions.GetValueOrDefault(name);

    /// <summary>Runs the template against <paramref name="data"/>, appending to <paramref name="output"/>.</summary>
    /// <exception cref="TemplateExecutionException">execution failed; the output may hold a partial result.</exception>
    public void Execute(TemplateValue data, StringBuilder output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var root = _definitions.GetValueOrDefault(Name)
            ?? throw new TemplateExecutionException($"template: {Name}: {GoFormat.Quote(Name)} is an incomplete or empty template");
        new TemplateExecutor(this, output).Run(Name, root, data);
    }

    public void Execute(TemplateValue data, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var builder = new StringBuilder();
        Execute(data, builder);
        output.Write(builder);
    }

    public string Execute(TemplateValue data)
    {
        var builder = new StringBuilder();
        Execute(data, builder);
        return builder.ToString();
    }
}

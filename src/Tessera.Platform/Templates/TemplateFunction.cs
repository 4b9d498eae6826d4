namespace Tessera.Platform.Templates;

/// <summary>A function body: the evaluated arguments in, one value out; failures throw <see cref="TemplateFunctionException"/>.</summary>
public delegate TemplateValue TemplateFunctionBody(ReadOnlySpan<TemplateValue> args);

/// <summary>A function a template may call: its name, its parameter count (the last one variadic when <paramref name="variadic"/>) and its body.</summary>
public sealed class TemplateFunction(string name, int parameters, bool variadic, TemplateFunctionBody body)
{
    public string Name { get; } = name;

    /// <summary>Fixed parameters; a variadic function needs at least this many arguments.</summary>
    public int Parameters { get; } = parameters;

    public bool Variadic { get; } = variadic;

    public TemplateFunctionBody Body { get; } = body;

    /// <summary>Set for the builtins <c>and</c> and <c>or</c>, which the executor evaluates lazily (short-circuit).</summary>
    internal bool ShortCircuit { get; init; }
}

/// <summary>
/// An immutable set of functions, checked at parse time: a template naming a function outside the set does not
/// parse. <see cref="Builtins"/> is Go's; <see cref="Sprig"/> adds the sprig functions we support.
/// </summary>
public sealed class TemplateFunctions
{
    private readonly Dictionary<string, TemplateFunction> _functions;

    private TemplateFunctions(Dictionary<string, TemplateFunction> functions) => _functions = functions;

    public static TemplateFunctions Builtins { get; } = new(BuiltinFunctions.Create().ToDictionary(f => f.Name, StringComparer.Ordinal));

    public static TemplateFunctions Sprig { get; } = Builtins.With(SprigFunctions.Create());

    public bool Contains(string name) => _functions.ContainsKey(name);

    public TemplateFunction? Find(string name) => _functions.GetValueOrDefault(name);

    public IEnumerable<string> Names => _functions.Keys;

    /// <summary>A new set with <paramref name="functions"/> added (replacing any of the same name, as Go's Funcs does).</summary>
    public TemplateFunctions With(IEnumerable<TemplateFunction> functions)
    {
        var copy = new Dictionary<string, TemplateFunction>(_functions, StringComparer.Ordinal);
        foreach (var function in functions)
        {
            copy[function.Name] = function;
        }

        return new TemplateFunctions(copy);
    }

    /// <summary>A new set without the named functions.</summary>
    public TemplateFunctions Without(params string[] names)
    {
        var copy = new Dictionary<string, TemplateFunction>(_functions, StringComparer.Ordinal);
        foreach (var name in names)
        {
            copy.Remove(name);
        }

        return new TemplateFunctions(copy);
    }
}

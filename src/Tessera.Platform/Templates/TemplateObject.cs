using System.Text;

namespace Tessera.Platform.Templates;

/// <summary>
/// A struct-like value with named (exported) fields and methods, e.g. the proxy's authentication session. Go prints a
/// struct as <c>{v1 v2}</c> (or <c>{Name:v1 …}</c> with <c>%+v</c>); a type with a String method prints that instead.
/// </summary>
public abstract class TemplateObject
{
    public abstract string TypeName { get; }

    public abstract bool TryGetField(string name, out TemplateValue value);

    public virtual TemplateMethod? Method(string name) => null;

    /// <summary>Field names in declaration order, for printing.</summary>
    public virtual IReadOnlyList<string> FieldNames => [];

    /// <summary>
    /// A pointer to a struct printed in Go's struct form (fmt prints it as <c>&amp;{…}</c> at the top level). False
    /// for values, and for types with a String method.
    /// </summary>
    internal virtual bool IsStructPointer => TypeName.StartsWith('*');

    /// <summary>A struct is always true; pointers are true when not nil.</summary>
    public virtual bool IsTrue => true;

    /// <summary>What fmt prints for <c>%v</c>; by default Go's struct form.</summary>
    public virtual void Print(StringBuilder output, bool plus)
    {
        output.Append('{');
        var names = FieldNames;
        for (var i = 0; i < names.Count; i++)
        {
            if (i > 0)
            {
                output.Append(' ');
            }

            if (plus)
            {
                output.Append(names[i]).Append(':');
            }

            TryGetField(names[i], out var value);
            GoFormat.AppendValue(output, value.OrNil, plus, nested: true);
        }

        output.Append('}');
    }
}

/// <summary>The body of a method: the receiver and the (already evaluated) arguments.</summary>
public delegate TemplateValue TemplateMethodBody(TemplateValue receiver, ReadOnlySpan<TemplateValue> args);

/// <summary>A method a map or object type offers, with its fixed number of parameters.</summary>
public sealed class TemplateMethod(string name, int parameters, TemplateMethodBody body)
{
    public string Name { get; } = name;

    public int Parameters { get; } = parameters;

    public TemplateMethodBody Body { get; } = body;
}

/// <summary>A struct built from ordered fields (for sessions and tests); methods may be added by name.</summary>
public sealed class TemplateStruct(string typeName, IReadOnlyList<KeyValuePair<string, TemplateValue>> fields, IReadOnlyDictionary<string, TemplateMethod>? methods = null) : TemplateObject
{
    private readonly string[] _names = fields.Select(f => f.Key).ToArray();

    public override string TypeName => typeName;

    public override IReadOnlyList<string> FieldNames => _names;

    public override bool TryGetField(string name, out TemplateValue value)
    {
        foreach (var field in fields)
        {
            if (field.Key == name)
            {
                value = field.Value;
                return true;
            }
        }

        value = default;
        return false;
    }

    public override TemplateMethod? Method(string name) => methods is not null && methods.TryGetValue(name, out var m) ? m : null;
}

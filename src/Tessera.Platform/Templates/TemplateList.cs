namespace Tessera.Platform.Templates;

/// <summary>A read-only sequence a template can range over, index and print (Go's slice).</summary>
public abstract class TemplateList
{
    public abstract int Count { get; }

    public abstract TemplateValue this[int index] { get; }

    /// <summary>The Go type name, e.g. <c>[]interface {}</c> or <c>[]string</c>.</summary>
    public virtual string TypeName => "[]interface {}";
}

/// <summary>A list over template values.</summary>
internal sealed class TemplateArrayList(IReadOnlyList<TemplateValue> items) : TemplateList
{
    public override int Count => items.Count;

    public override TemplateValue this[int index] => items[index];
}

/// <summary>A <c>[]string</c>.</summary>
internal sealed class TemplateStringList(IReadOnlyList<string> items) : TemplateList
{
    public override int Count => items.Count;

    public override TemplateValue this[int index] => TemplateValue.String(items[index]);

    public override string TypeName => "[]string";
}

namespace Tessera.Platform.Schema;

/// <summary>
/// What successful subschemas evaluated at one instance location, which is what
/// <c>unevaluatedProperties</c> and <c>unevaluatedItems</c> look at.
/// </summary>
internal sealed class Annotations
{
    public HashSet<string>? Properties { get; private set; }

    /// <summary>Items [0, PrefixItems) were evaluated.</summary>
    public int PrefixItems { get; private set; }

    public bool AllItems { get; private set; }

    public HashSet<int>? ContainedItems { get; private set; }

    public void AddProperty(string name) => (Properties ??= new HashSet<string>(StringComparer.Ordinal)).Add(name);

    public void AddPrefix(int count) => PrefixItems = Math.Max(PrefixItems, count);

    public void AddAllItems() => AllItems = true;

    public void AddContained(int index) => (ContainedItems ??= []).Add(index);

    public bool IsItemEvaluated(int index) => AllItems || index < PrefixItems || (ContainedItems?.Contains(index) ?? false);

    public void Merge(Annotations other)
    {
        if (other.Properties is not null)
        {
            (Properties ??= new HashSet<string>(StringComparer.Ordinal)).UnionWith(other.Properties);
        }

        PrefixItems = Math.Max(PrefixItems, other.PrefixItems);
        AllItems |= other.AllItems;
        if (other.ContainedItems is not null)
        {
            (ContainedItems ??= []).UnionWith(other.ContainedItems);
        }
    }
}

using System.Globalization;
using System.Text.Json.Nodes;

namespace Tessera.Platform.Schema;

internal sealed partial class SchemaNode
{
    private bool EvaluateArray(JsonArray array, string path, Evaluation evaluation, Annotations local)
    {
        var valid = true;
        if (array.Count < MinItems)
        {
            valid = false;
            evaluation.Fail(path, Location, "minItems", string.Create(CultureInfo.InvariantCulture, $"must have at least {MinItems} items"));
        }

        if (array.Count > MaxItems)
        {
            valid = false;
            evaluation.Fail(path, Location, "maxItems", string.Create(CultureInfo.InvariantCulture, $"must have at most {MaxItems} items"));
        }

        if (UniqueItems)
        {
            for (var i = 0; i < array.Count && valid; i++)
            {
                for (var j = i + 1; j < array.Count; j++)
                {
                    if (JsonEquality.AreEqual(array[i], array[j]))
                    {
                        valid = false;
                        evaluation.Fail(path, Location, "uniqueItems", string.Create(CultureInfo.InvariantCulture, $"items {i} and {j} are equal; items must be unique"));
                        break;
                    }
                }
            }
        }

        var prefix = PrefixItems?.Count ?? 0;
        for (var i = 0; i < Math.Min(prefix, array.Count); i++)
        {
            valid &= PrefixItems![i].Evaluate(array[i], Child(path, i), evaluation, new Annotations());
        }

        if (prefix > 0)
        {
            local.AddPrefix(Math.Min(prefix, array.Count));
        }

        // Draft 7: additionalItems applies after an array-form items, which compiles to PrefixItems.
        var rest = Items ?? (PrefixItems is not null ? AdditionalItems : null);
        if (rest is not null && array.Count > prefix)
        {
            for (var i = prefix; i < array.Count; i++)
            {
                if (rest.Boolean == false)
                {
                    valid = false;
                    evaluation.Fail(Child(path, i), Location, Items is not null ? "items" : "additionalItems", "no more items are allowed here");
                    break;
                }

                valid &= rest.Evaluate(array[i], Child(path, i), evaluation, new Annotations());
            }

            local.AddAllItems();
        }

        if (Contains is not null)
        {
            var matches = 0;
            for (var i = 0; i < array.Count; i++)
            {
                var index = i;
                var (ok, _) = evaluation.Quietly(() => Contains.Evaluate(array[index], Child(path, index), evaluation, new Annotations()));
                if (ok)
                {
                    matches++;
                    local.AddContained(i);
                }
            }

            var min = MinContains ?? 1;
            if (matches < min)
            {
                valid = false;
                evaluation.Fail(path, Location, MinContains is null ? "contains" : "minContains", string.Create(CultureInfo.InvariantCulture, $"must contain at least {min} matching item(s)"));
            }

            if (matches > MaxContains)
            {
                valid = false;
                evaluation.Fail(path, Location, "maxContains", string.Create(CultureInfo.InvariantCulture, $"must contain at most {MaxContains} matching item(s)"));
            }
        }

        if (UnevaluatedItems is not null)
        {
            for (var i = 0; i < array.Count; i++)
            {
                if (local.IsItemEvaluated(i))
                {
                    continue;
                }

                if (UnevaluatedItems.Boolean == false)
                {
                    valid = false;
                    evaluation.Fail(Child(path, i), Location, "unevaluatedItems", "item is not allowed (unevaluatedItems is false)");
                }
                else
                {
                    valid &= UnevaluatedItems.Evaluate(array[i], Child(path, i), evaluation, new Annotations());
                }
            }

            local.AddAllItems();
        }

        return valid;
    }
}

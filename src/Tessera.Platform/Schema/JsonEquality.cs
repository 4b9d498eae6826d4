using System.Text.Json;
using System.Text.Json.Nodes;

namespace Tessera.Platform.Schema;

/// <summary>JSON value equality as JSON Schema defines it: numbers by value (1 == 1.0), objects regardless of member order.</summary>
internal static class JsonEquality
{
    public static bool AreEqual(JsonNode? a, JsonNode? b)
    {
        if (a is null || b is null)
        {
            return a is null && b is null;
        }

        var kind = a.GetValueKind();
        if (kind != b.GetValueKind())
        {
            return false;
        }

        switch (kind)
        {
            case JsonValueKind.Object:
                var left = a.AsObject();
                var right = b.AsObject();
                if (left.Count != right.Count)
                {
                    return false;
                }

                foreach (var (key, value) in left)
                {
                    if (!right.TryGetPropertyValue(key, out var other) || !AreEqual(value, other))
                    {
                        return false;
                    }
                }

                return true;
            case JsonValueKind.Array:
                var x = a.AsArray();
                var y = b.AsArray();
                if (x.Count != y.Count)
                {
                    return false;
                }

                for (var i = 0; i < x.Count; i++)
                {
                    if (!AreEqual(x[i], y[i]))
                    {
                        return false;
                    }
                }

                return true;
            case JsonValueKind.Number:
                return JsonNumbers.Compare(a.AsValue(), b.AsValue()) == 0;
            case JsonValueKind.String:
                return a.GetValue<string>() == b.GetValue<string>();
            default:
                return true; // true, false, null: same kind means equal
        }
    }
}

using System.Globalization;
using System.Text.Json.Nodes;

namespace Tessera.Platform.Schema;

/// <summary>Reads JSON numbers as decimal where they fit (exact), else double.</summary>
internal static class JsonNumbers
{
    public static decimal? AsDecimal(JsonValue value)
    {
        if (value.TryGetValue<decimal>(out var d))
        {
            return d;
        }

        if (value.TryGetValue<long>(out var l))
        {
            return l;
        }

        if (value.TryGetValue<int>(out var i))
        {
            return i;
        }

        if (value.TryGetValue<double>(out var dbl) && Math.Abs(dbl) < 7.9e27)
        {
            return (decimal)dbl;
        }

        return decimal.TryParse(value.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) ? parsed : null;
    }

    public static double AsDouble(JsonValue value)
        => value.TryGetValue<double>(out var d) ? d : double.Parse(value.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture);

    public static int Compare(JsonValue a, JsonValue b)
    {
        var x = AsDecimal(a);
        var y = AsDecimal(b);
        return x is not null && y is not null ? x.Value.CompareTo(y.Value) : AsDouble(a).CompareTo(AsDouble(b));
    }

    public static bool IsInteger(JsonValue value)
    {
        var d = AsDecimal(value);
        if (d is not null)
        {
            return decimal.Truncate(d.Value) == d.Value;
        }

        var dbl = AsDouble(value);
        return !double.IsInfinity(dbl) && Math.Floor(dbl) == dbl;
    }

    public static string Format(JsonNode? node) => node?.ToJsonString() ?? "null";
}

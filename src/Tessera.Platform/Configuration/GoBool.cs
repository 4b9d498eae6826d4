namespace Tessera.Platform.Configuration;

/// <summary>
/// Go's <c>strconv.ParseBool</c>, for query parameters Ory's services read with it: <c>1 t T TRUE true True</c> and
/// <c>0 f F FALSE false False</c>, nothing else.
/// </summary>
public static class GoBool
{
    public static bool TryParse(string? text, out bool value)
    {
        switch (text)
        {
            case "1" or "t" or "T" or "TRUE" or "true" or "True":
                value = true;
                return true;
            case "0" or "f" or "F" or "FALSE" or "false" or "False":
                value = false;
                return true;
            default:
                value = false;
                return false;
        }
    }

    /// <summary>True only for a text Go reads as true (what a missing or unreadable flag means: off).</summary>
    public static bool IsTrue(string? text) => TryParse(text, out var value) && value;
}

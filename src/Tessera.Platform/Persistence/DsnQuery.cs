using System.Globalization;

namespace Tessera.Platform.Persistence;

/// <summary>
/// The query parameters of one DSN. Parsers take the parameters they understand; whatever is left
/// at the end is unknown and rejected. Messages quote parameter values but never the password.
/// </summary>
internal sealed class DsnQuery
{
    private readonly Dictionary<string, string> values;
    private readonly List<string> order;
    private readonly string redacted;

    private DsnQuery(Dictionary<string, string> values, List<string> order, string redacted)
    {
        this.values = values;
        this.order = order;
        this.redacted = redacted;
    }

    public static DsnQuery Parse(string query, string redacted)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var order = new List<string>();
        foreach (var pair in query.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=');
            var key = Decode(equals < 0 ? pair : pair[..equals], redacted);
            var value = equals < 0 ? string.Empty : Decode(pair[(equals + 1)..], redacted);
            if (key.Length == 0)
            {
                throw new DsnException($"The DSN has a query parameter without a name. DSN: {redacted}");
            }

            if (!values.TryAdd(key, value))
            {
                throw new DsnException($"The DSN parameter '{key}' is given more than once; give it once. DSN: {redacted}");
            }

            order.Add(key);
        }

        return new DsnQuery(values, order, redacted);
    }

    public string? Text(string key)
    {
        if (!values.Remove(key, out var value))
        {
            return null;
        }

        if (value.Length == 0)
        {
            throw Invalid(key, value, "a value (it is empty)");
        }

        return value;
    }

    public int? Integer(string key, int min, int max)
    {
        var text = Text(key);
        if (text is null)
        {
            return null;
        }

        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number < min || number > max)
        {
            throw Invalid(key, text, $"a whole number from {min} to {max}");
        }

        return number;
    }

    public bool? Boolean(string key)
    {
        var text = Text(key);
        return text switch
        {
            null => null,
            "true" or "TRUE" or "True" or "1" => true,
            "false" or "FALSE" or "False" or "0" => false,
            _ => throw Invalid(key, text, "true or false"),
        };
    }

    public TimeSpan? Duration(string key)
    {
        var text = Text(key);
        if (text is null)
        {
            return null;
        }

        if (!GoDuration.TryParse(text, out var duration))
        {
            throw Invalid(key, text, "a duration such as 30s, 500ms or 1m30s");
        }

        return duration;
    }

    public string? Choice(string key, params string[] choices)
    {
        var text = Text(key);
        if (text is null)
        {
            return null;
        }

        foreach (var choice in choices)
        {
            if (string.Equals(choice, text, StringComparison.OrdinalIgnoreCase))
            {
                return choice;
            }
        }

        throw Invalid(key, text, "one of " + string.Join(", ", choices));
    }

    /// <summary>The pool parameters every SQL backend accepts (Ory's sqlcon names).</summary>
    public PoolSettings Pool() => new()
    {
        MaxConnections = Integer("max_conns", 1, 10_000),
        MaxIdleConnections = Integer("max_idle_conns", 0, 10_000),
        MaxConnectionLifetime = Duration("max_conn_lifetime"),
        MaxIdleTime = Duration("max_idle_conn_time"),
    };

    /// <summary>Throws when a parameter was given that no parser took.</summary>
    public void RejectUnknown(string backend, IEnumerable<string> known)
    {
        foreach (var key in order)
        {
            if (values.ContainsKey(key))
            {
                throw new DsnException(
                    $"The DSN parameter '{key}' is not known for {backend}. Known parameters: {string.Join(", ", known)}. DSN: {redacted}");
            }
        }
    }

    public DsnException Invalid(string key, string value, string expected)
        => new($"The DSN parameter '{key}' has the value '{value}', which is not {expected}. DSN: {redacted}");

    private static string Decode(string text, string redacted)
    {
        try
        {
            return Uri.UnescapeDataString(text.Replace('+', ' '));
        }
        catch (UriFormatException)
        {
            throw new DsnException($"The DSN has a badly escaped query parameter. DSN: {redacted}");
        }
    }
}

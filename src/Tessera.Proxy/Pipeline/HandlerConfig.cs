using System.Text.Json;
using System.Text.Json.Nodes;
using Tessera.Platform.Templates;

namespace Tessera.Proxy.Pipeline;

/// <summary>
/// One handler's effective configuration (the global <c>&lt;section&gt;.&lt;name&gt;.config</c> with the rule's
/// <c>config</c> merged over it) and typed reads that fail naming the key. <see cref="Where"/> is the path
/// errors name: <c>mutators.header.config</c> at start, <c>rule "id": mutators[0].config</c> for a rule.
/// </summary>
internal sealed class HandlerConfig(JsonObject values, string where, string ruleId, PipelineServices services)
{
    public JsonObject Values { get; } = values;

    public string Where { get; } = where;

    /// <summary>The rule's id ("" when checking the global config): names compiled templates.</summary>
    public string RuleId { get; } = ruleId;

    public PipelineServices Services { get; } = services;

    /// <summary>Refuses keys the handler does not know (Oathkeeper's schemas say <c>additionalProperties: false</c>).</summary>
    public void AllowOnly(params string[] keys)
    {
        foreach (var (key, _) in Values)
        {
            if (Array.IndexOf(keys, key) < 0)
            {
                throw Fail(key, "is not a known setting" + (keys.Length == 0 ? " (this handler takes none)" : $" (known: {string.Join(", ", keys)})"));
            }
        }
    }

    public string? String(string key) => Values[key] switch
    {
        null => null,
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        _ => throw Fail(key, "must be a string"),
    };

    public string RequiredString(string key) => String(key) ?? throw Fail(key, "is required");

    public bool Bool(string key, bool fallback = false) => Values[key] switch
    {
        null => fallback,
        JsonValue v when v.GetValueKind() is JsonValueKind.True or JsonValueKind.False => v.GetValue<bool>(),
        _ => throw Fail(key, "must be true or false"),
    };

    public int? Int(string key) => Values[key] switch
    {
        null => null,
        JsonValue v when v.GetValueKind() == JsonValueKind.Number && v.TryGetValue<int>(out var i) => i,
        JsonValue v when v.GetValueKind() == JsonValueKind.Number && v.TryGetValue<double>(out var d) && d == Math.Floor(d) && Math.Abs(d) < int.MaxValue => (int)d,
        _ => throw Fail(key, "must be an integer"),
    };

    /// <summary>A list of strings; null when absent.</summary>
    public IReadOnlyList<string>? Strings(string key)
    {
        if (Values[key] is null)
        {
            return null;
        }

        if (Values[key] is not JsonArray list)
        {
            throw Fail(key, "must be a list of strings");
        }

        var result = new List<string>(list.Count);
        for (var i = 0; i < list.Count; i++)
        {
            result.Add(list[i] is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : throw Fail($"{key}[{i}]", "must be a string"));
        }

        return result;
    }

    /// <summary>A Go duration (<c>30s</c>, <c>1m30s</c>, <c>250ms</c>); null when absent.</summary>
    public TimeSpan? Duration(string key)
        => String(key) is { } text
            ? (Platform.Persistence.GoDuration.TryParse(text, out var value) && value >= TimeSpan.Zero ? value : throw Fail(key, $"\"{text}\" is not a duration such as 30s or 1m"))
            : null;

    /// <summary>A nested object read with the same checks (its errors name <c>key.inner</c>); null when absent.</summary>
    public HandlerConfig? Section(string key) => Values[key] switch
    {
        null => null,
        JsonObject inner => new HandlerConfig(inner, $"{Where}.{key}", RuleId, Services),
        _ => throw Fail(key, "must be an object"),
    };

    /// <summary>An absolute http(s) URL (the scheme may be widened with <paramref name="schemes"/>).</summary>
    public Uri Url(string key, params string[] schemes)
    {
        var text = RequiredString(key);
        return Uri.TryCreate(text, UriKind.Absolute, out var url) && (url.Scheme is "http" or "https" || Array.IndexOf(schemes, url.Scheme) >= 0)
            ? url
            : throw Fail(key, $"\"{text}\" is not an absolute {string.Join("/", new[] { "http", "https" }.Concat(schemes))} URL");
    }

    /// <summary>An object of strings (<c>headers</c>, <c>cookies</c>), in the order written; null when absent.</summary>
    public IReadOnlyList<KeyValuePair<string, string>>? StringMap(string key)
    {
        if (Values[key] is null)
        {
            return null;
        }

        if (Values[key] is not JsonObject map)
        {
            throw Fail(key, "must be an object of strings");
        }

        var result = new List<KeyValuePair<string, string>>(map.Count);
        foreach (var (name, value) in map)
        {
            if (value is not JsonValue v || v.GetValueKind() != JsonValueKind.String)
            {
                throw Fail($"{key}.{name}", "must be a string");
            }

            result.Add(new(name, v.GetValue<string>()));
        }

        return result;
    }

    /// <summary>Compiles a Go template as Oathkeeper's handlers do (missingkey=zero, sprig, its print/printIndex); a parse error names the key and position.</summary>
    public GoTemplate Template(string key, string name, string text)
    {
        try
        {
            return GoTemplate.Parse($"{RuleId}:{name}", text, SessionTemplates.Functions, MissingKey.Zero);
        }
        catch (TemplateParseException e)
        {
            throw Fail($"{key}.{name}", $"is not a valid template (line {e.Line}, column {e.Column + 1}): {e.Message}");
        }
    }

    public HandlerConfigException Fail(string key, string problem) => new($"{Where}.{key} {problem}");
}

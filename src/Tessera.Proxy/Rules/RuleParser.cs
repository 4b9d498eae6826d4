using System.Text.Json;
using System.Text.Json.Nodes;
using Tessera.Platform.Configuration;

namespace Tessera.Proxy.Rules;

/// <summary>
/// Reads Oathkeeper's rule documents: a JSON or YAML array of rules. Every problem is collected, each
/// naming the rule (by id, else by position) and the field, and reported together with the source.
/// Unknown fields inside a rule are ignored, as Oathkeeper's decoder ignores them.
/// </summary>
internal static class RuleParser
{
    public static IReadOnlyList<Rule> Parse(string text, string source)
    {
        ArgumentNullException.ThrowIfNull(text);
        JsonNode? document;
        try
        {
            document = ReadDocument(text, source);
        }
        catch (ConfigException e)
        {
            throw new RuleFormatException(source, [e.Message]);
        }

        if (document is null)
        {
            return [];
        }

        if (document is not JsonArray array)
        {
            throw new RuleFormatException(source, ["the document must be an array of rules"]);
        }

        var problems = new List<string>();
        var rules = new List<Rule>(array.Count);
        for (var i = 0; i < array.Count; i++)
        {
            var errors = new List<string>();
            if (array[i] is not JsonObject item)
            {
                problems.Add($"rule #{i}: must be an object");
                continue;
            }

            var rule = ReadRule(item, errors);
            foreach (var error in errors)
            {
                problems.Add($"{Name(item, i)}: {error}");
            }

            rules.Add(rule);
        }

        return problems.Count > 0 ? throw new RuleFormatException(source, problems) : rules;
    }

    /// <summary>
    /// Reads one rule object (a rule sent to the admin API); the problems name only the field
    /// (<c>match.url must not be empty</c>), none means the rule is good.
    /// </summary>
    public static (Rule Rule, IReadOnlyList<string> Problems) ParseOne(JsonObject item)
    {
        ArgumentNullException.ThrowIfNull(item);
        var errors = new List<string>();
        var rule = ReadRule(item, errors);
        return (rule, errors);
    }

    /// <summary>How a problem names a rule: <c>rule "id"</c>, or its position when it has no id.</summary>
    public static string Name(JsonObject item, int index)
        => item["id"] is JsonValue v && v.TryGetValue<string>(out var id) && id.Length > 0 ? $"rule \"{id}\"" : $"rule #{index}";

    private static JsonNode? ReadDocument(string text, string source)
    {
        // JSON when it is valid JSON (Oathkeeper's test), else YAML through the config reader.
        try
        {
            return JsonNode.Parse(text);
        }
        catch (JsonException)
        {
            return ConfigDocumentReader.Parse(text, source);
        }
    }

    private static Rule ReadRule(JsonObject item, List<string> errors)
    {
        var match = item["match"] switch
        {
            null => null,
            JsonObject m => ReadMatch(m, errors),
            _ => Error<RuleMatch>(errors, "match must be an object"),
        };
        if (match is null)
        {
            errors.Add("match must be set");
        }
        else if (match.Url.Length == 0)
        {
            errors.Add("match.url must not be empty");
        }

        var upstream = item["upstream"] switch
        {
            null => RuleUpstream.None,
            JsonObject u => new RuleUpstream(String(u, "url", "upstream.url", errors), Bool(u, "preserve_host", "upstream.preserve_host", errors), String(u, "strip_path", "upstream.strip_path", errors)),
            _ => Error<RuleUpstream>(errors, "upstream must be an object") ?? RuleUpstream.None,
        };
        if (upstream.Url.Length > 0 && !(Uri.TryCreate(upstream.Url, UriKind.Absolute, out var target) && target.Scheme is "http" or "https"))
        {
            errors.Add($"upstream.url \"{upstream.Url}\" is not an absolute http(s) URL");
        }

        return new Rule(String(item, "id", "id", errors), String(item, "version", "version", errors), String(item, "description", "description", errors), match, upstream)
        {
            Authenticators = Handlers(item, "authenticators", errors),
            Authorizer = item["authorizer"] is null ? new RuleHandler("", null) : Handler(item["authorizer"], "authorizer", errors),
            Mutators = Handlers(item, "mutators", errors),
            Errors = Handlers(item, "errors", errors),
        };
    }

    private static RuleMatch ReadMatch(JsonObject match, List<string> errors)
    {
        if (match.ContainsKey("full_method"))
        {
            var authority = String(match, "authority", "match.authority", errors);
            var method = String(match, "full_method", "match.full_method", errors);
            return new RuleMatch($"rpc://{authority}/{method}", null)
            {
                IsRpc = true,
                Authority = authority,
                FullMethod = method,
                AllowHttpGet = Bool(match, "allow_http_get", "match.allow_http_get", errors),
            };
        }

        List<string>? methods = null;
        switch (match["methods"])
        {
            case null:
                break;
            case JsonArray list:
                methods = [];
                foreach (var entry in list)
                {
                    if (entry is JsonValue v && v.TryGetValue<string>(out var name))
                    {
                        methods.Add(name);
                    }
                    else
                    {
                        errors.Add("match.methods must be an array of strings");
                    }
                }

                break;
            default:
                errors.Add("match.methods must be an array of strings");
                break;
        }

        return new RuleMatch(String(match, "url", "match.url", errors), methods);
    }

    private static List<RuleHandler>? Handlers(JsonObject item, string key, List<string> errors)
    {
        switch (item[key])
        {
            case null:
                return null;
            case JsonArray list:
                return list.Select((entry, i) => Handler(entry, $"{key}[{i}]", errors)).ToList();
            default:
                errors.Add($"{key} must be an array of {{handler, config}} objects");
                return null;
        }
    }

    private static RuleHandler Handler(JsonNode? node, string path, List<string> errors)
    {
        if (node is not JsonObject handler)
        {
            errors.Add($"{path} must be an object with handler and config");
            return new RuleHandler("", null);
        }

        return new RuleHandler(String(handler, "handler", path + ".handler", errors), handler["config"]?.DeepClone());
    }

    private static string String(JsonObject obj, string key, string path, List<string> errors)
    {
        switch (obj[key])
        {
            case null:
                return "";
            case JsonValue v when v.TryGetValue<string>(out var text):
                return text;
            default:
                errors.Add($"{path} must be a string");
                return "";
        }
    }

    private static bool Bool(JsonObject obj, string key, string path, List<string> errors)
    {
        switch (obj[key])
        {
            case null:
                return false;
            case JsonValue v when v.TryGetValue<bool>(out var flag):
                return flag;
            default:
                errors.Add($"{path} must be a boolean");
                return false;
        }
    }

    private static T? Error<T>(List<string> errors, string message)
        where T : class
    {
        errors.Add(message);
        return null;
    }
}

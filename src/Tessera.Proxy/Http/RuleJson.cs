using System.Text.Json;
using Tessera.Proxy.Rules;

namespace Tessera.Proxy.Http;

/// <summary>A rule as Oathkeeper's API writes it (its Go struct's field order; absent lists and configs are <c>null</c>).</summary>
internal static class RuleJson
{
    public static void Write(Utf8JsonWriter writer, Rule rule)
    {
        writer.WriteStartObject();
        writer.WriteString("id", rule.Id);
        writer.WriteString("version", rule.Version);
        writer.WriteString("description", rule.Description);
        writer.WritePropertyName("match");
        WriteMatch(writer, rule.Match);
        WriteHandlers(writer, "authenticators", rule.Authenticators);
        writer.WritePropertyName("authorizer");
        WriteHandler(writer, rule.Authorizer);
        WriteHandlers(writer, "mutators", rule.Mutators);
        WriteHandlers(writer, "errors", rule.Errors);
        writer.WriteStartObject("upstream");
        writer.WriteBoolean("preserve_host", rule.Upstream.PreserveHost);
        writer.WriteString("strip_path", rule.Upstream.StripPath);
        writer.WriteString("url", rule.Upstream.Url);
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private static void WriteMatch(Utf8JsonWriter writer, RuleMatch? match)
    {
        if (match is null)
        {
            writer.WriteNullValue();
            return;
        }

        writer.WriteStartObject();
        if (match.IsRpc)
        {
            writer.WriteString("authority", match.Authority);
            writer.WriteString("full_method", match.FullMethod);
            writer.WriteBoolean("allow_http_get", match.AllowHttpGet);
        }
        else
        {
            writer.WritePropertyName("methods");
            if (match.Methods is null)
            {
                writer.WriteNullValue();
            }
            else
            {
                writer.WriteStartArray();
                foreach (var method in match.Methods)
                {
                    writer.WriteStringValue(method);
                }

                writer.WriteEndArray();
            }

            writer.WriteString("url", match.Url);
        }

        writer.WriteEndObject();
    }

    private static void WriteHandlers(Utf8JsonWriter writer, string name, IReadOnlyList<RuleHandler>? handlers)
    {
        writer.WritePropertyName(name);
        if (handlers is null)
        {
            writer.WriteNullValue();
            return;
        }

        writer.WriteStartArray();
        foreach (var handler in handlers)
        {
            WriteHandler(writer, handler);
        }

        writer.WriteEndArray();
    }

    private static void WriteHandler(Utf8JsonWriter writer, RuleHandler handler)
    {
        writer.WriteStartObject();
        writer.WriteString("handler", handler.Handler);
        writer.WritePropertyName("config");
        if (handler.Config is null)
        {
            writer.WriteNullValue();
        }
        else
        {
            handler.Config.WriteTo(writer);
        }

        writer.WriteEndObject();
    }
}

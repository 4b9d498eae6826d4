using System.Text.Encodings.Web;
using System.Text.Json;
using Tessera.Platform.Templates;

namespace Tessera.Proxy.Pipeline;

/// <summary>
/// The session as Go's <c>encoding/json</c> writes Oathkeeper's <c>AuthenticationSession</c> (what the hydrator sends):
/// <c>subject</c>, <c>extra</c> (null when none), <c>header</c> (canonical names to lists; null when none) and
/// <c>match_context</c> with <c>regexp_capture_groups</c>, <c>url</c> (Go's <c>url.URL</c> struct with its capitalised
/// fields), <c>method</c> and <c>header</c>.
/// </summary>
internal static class SessionJson
{
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static byte[] Write(AuthenticationSession session)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, Options))
        {
            json.WriteStartObject();
            json.WriteString("subject", session.Subject);
            json.WritePropertyName("extra");
            if (session.Extra is null)
            {
                json.WriteNullValue();
            }
            else
            {
                session.Extra.WriteTo(json);
            }

            json.WritePropertyName("header");
            if (session.Header.Count == 0)
            {
                json.WriteNullValue();
            }
            else
            {
                WriteHeader(json, session.HeaderValues);
            }

            var match = session.MatchContext;
            json.WriteStartObject("match_context");
            json.WriteStartArray("regexp_capture_groups");
            foreach (var group in match.RegexpCaptureGroups)
            {
                json.WriteStringValue(group);
            }

            json.WriteEndArray();
            json.WriteStartObject("url");
            json.WriteString("Scheme", match.Url.Scheme);
            json.WriteString("Opaque", "");
            json.WriteNull("User");
            json.WriteString("Host", match.Url.Host);
            json.WriteString("Path", match.Url.Path);
            json.WriteString("RawPath", "");
            json.WriteBoolean("OmitHost", false);
            json.WriteBoolean("ForceQuery", false);
            json.WriteString("RawQuery", match.Url.RawQuery);
            json.WriteString("Fragment", "");
            json.WriteString("RawFragment", "");
            json.WriteEndObject();
            json.WriteString("method", match.Method);
            json.WritePropertyName("header");
            WriteHeader(json, match.Header);
            json.WriteEndObject();
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    private static void WriteHeader(Utf8JsonWriter json, IEnumerable<KeyValuePair<string, string[]>> header)
    {
        json.WriteStartObject();
        foreach (var (name, values) in header.Select(h => (Name: TemplateHeader.CanonicalKey(h.Key), h.Value)).OrderBy(h => h.Name, StringComparer.Ordinal))
        {
            json.WriteStartArray(name);
            foreach (var value in values)
            {
                json.WriteStringValue(value);
            }

            json.WriteEndArray();
        }

        json.WriteEndObject();
    }
}

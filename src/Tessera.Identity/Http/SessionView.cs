using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Tessera.Identity.Sessions;

namespace Tessera.Identity.Http;

/// <summary>
/// A session as Kratos writes it: <c>id, active, expires_at, authenticated_at, authenticator_assurance_level,
/// authentication_methods, issued_at, identity, devices</c> and <c>tokenized</c> when asked for. The identity
/// carries its addresses when they were read with it and never credentials; <c>metadata_admin</c> only on the admin
/// API. Unexpanded identity and devices are null. <see cref="Write"/> writes straight to a response (whoami's path);
/// <see cref="Render"/> gives the same JSON as a node for answers that embed it.
/// </summary>
internal static class SessionView
{
    public static JsonObject Render(SessionRecord session, DateTimeOffset now, string publicBase, bool admin, bool identity = true, bool devices = true, string? tokenized = null)
    {
        var buffer = new ArrayBufferWriter<byte>(2048);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            Write(writer, session, now, publicBase, admin, identity, devices, tokenized);
        }

        return JsonNode.Parse(buffer.WrittenSpan, documentOptions: KratosJson.RenderedDocument)!.AsObject();
    }

    public static void Write(Utf8JsonWriter writer, SessionRecord session, DateTimeOffset now, string publicBase, bool admin, bool identity = true, bool devices = true, string? tokenized = null)
    {
        writer.WriteStartObject();
        writer.WriteString("id", session.Id);
        writer.WriteBoolean("active", session.IsActiveAt(now));
        KratosJson.WriteTime(writer, "expires_at", session.ExpiresAt);
        KratosJson.WriteTime(writer, "authenticated_at", session.AuthenticatedAt);
        writer.WriteString("authenticator_assurance_level", session.Aal);
        writer.WriteStartArray("authentication_methods");
        foreach (var method in session.Methods)
        {
            writer.WriteStartObject();
            writer.WriteString("method", method.Method);
            writer.WriteString("aal", method.Aal);
            KratosJson.WriteTime(writer, "completed_at", method.CompletedAt);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        KratosJson.WriteTime(writer, "issued_at", session.IssuedAt);
        writer.WritePropertyName("identity");
        if (identity && session.Identity is { } owner)
        {
            IdentityView.Write(writer, owner, publicBase, session.IdentityParts, adminMetadata: admin);
        }
        else
        {
            writer.WriteNullValue();
        }

        writer.WritePropertyName("devices");
        if (devices)
        {
            writer.WriteStartArray();
            foreach (var device in session.Devices)
            {
                writer.WriteStartObject();
                writer.WriteString("id", device.Id);
                WriteText(writer, "ip_address", device.IpAddress);
                WriteText(writer, "user_agent", device.UserAgent);
                WriteText(writer, "location", device.Location);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }
        else
        {
            writer.WriteNullValue();
        }

        if (tokenized is not null)
        {
            writer.WriteString("tokenized", tokenized);
        }

        writer.WriteEndObject();
    }

    private static void WriteText(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is null)
        {
            writer.WriteNull(name);
        }
        else
        {
            writer.WriteString(name, value);
        }
    }
}

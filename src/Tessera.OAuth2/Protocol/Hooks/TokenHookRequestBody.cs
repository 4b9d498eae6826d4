using System.Buffers;
using System.Text.Json;
using Tessera.OAuth2.Clients;
using Tessera.Platform.Json;

namespace Tessera.OAuth2.Protocol.Hooks;

/// <summary>
/// The JSON Hydra POSTs to its token hook: <c>session</c> (the ID token claims and subject, the access
/// token's extra claims under <c>extra</c>, the claim settings) and <c>request</c> (client, granted scopes
/// and audience, grant type, and of the form only the <c>assertion</c>, as Hydra sanitizes it).
/// </summary>
internal static class TokenHookRequestBody
{
    public static byte[] Write(GrantSession session, OAuth2Client client, TokenRequest request, ProtocolOptions options)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteStartObject("session");
            writer.WriteStartObject("id_token");
            writer.WriteStartObject("id_token_claims");
            writer.WriteString("sub", session.Subject);
            JsonWriterFields.OptionalText(writer, "acr", session.Acr);
            JsonWriterFields.Strings(writer, "amr", session.Amr);
            JsonWriterFields.OptionalText(writer, "nonce", session.Nonce);
            if (session.AuthTime is { } authTime)
            {
                writer.WriteNumber("auth_time", authTime.ToUnixTimeSeconds());
            }

            writer.WritePropertyName("ext");
            session.IdTokenClaims.WriteTo(writer);
            writer.WriteEndObject();
            writer.WriteStartObject("headers");
            writer.WriteStartObject("extra");
            writer.WriteEndObject();
            writer.WriteEndObject();
            writer.WriteString("username", "");
            writer.WriteString("subject", session.Subject);
            writer.WriteEndObject();
            writer.WritePropertyName("extra");
            session.AccessTokenClaims.WriteTo(writer);
            writer.WriteString("client_id", session.ClientId);
            writer.WriteString("consent_challenge", session.FlowId ?? "");
            writer.WriteBoolean("exclude_not_before_claim", options.ExcludeNotBeforeClaim);
            JsonWriterFields.Strings(writer, "allowed_top_level_claims", options.AllowedTopLevelClaims);
            writer.WriteBoolean("mirror_top_level_claims", options.MirrorTopLevelClaims);
            writer.WriteEndObject();

            writer.WriteStartObject("request");
            writer.WriteString("client_id", client.Id);
            writer.WritePropertyName("client");
            client.Document.WriteTo(writer);
            JsonWriterFields.Strings(writer, "granted_scopes", session.GrantedScopes);
            JsonWriterFields.Strings(writer, "granted_audience", session.GrantedAudience);
            JsonWriterFields.Strings(writer, "grant_types", [request.GrantType]);
            writer.WriteStartObject("payload");
            if (request["assertion"] is { } assertion)
            {
                JsonWriterFields.Strings(writer, "assertion", [assertion]);
            }

            writer.WriteEndObject();
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}

using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Tessera.OAuth2.Protocol;
using Tessera.Platform.Crypto;
using Tessera.Platform.Json;
using Tessera.Platform.Persistence;

namespace Tessera.OAuth2.Storage;

/// <summary>
/// The stored form of a <see cref="GrantSession"/> (the <c>data</c> column of <c>oauth2_tokens</c>):
/// UTF-8 JSON written and read member by member, without an intermediate document, because every
/// token issued and every token checked goes through it. Empty lists and claims and the default
/// strategy are left out, since every token issued writes them. Reading is lenient: absent members
/// read as their defaults, and unknown members and members of the wrong type are skipped.
/// <para>
/// With encryption at rest (a <see cref="SecretBox"/> given), the extra claims from consent are sealed
/// in one member, <c>sealed_claims</c>: they are what the session holds about the user beyond the
/// subject, scopes and audience, which the token table keeps in plain columns anyway (as Hydra keeps
/// its session data encrypted and those columns plain). A grant without extra claims has nothing to
/// seal, so issuing and checking its tokens costs no encryption.
/// </para>
/// </summary>
internal static class GrantSessionCodec
{
    private const string DefaultStrategy = "opaque";
    private const string SealPurpose = "token-session";

    /// <summary>The session as UTF-8 JSON; its extra claims sealed with <paramref name="box"/> when one is given.</summary>
    public static byte[] Encode(GrantSession session, SecretBox? box = null)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("client_id", session.ClientId);
            writer.WriteString("subject", session.Subject);
            writer.WriteString("grant_type", session.GrantType);
            WriteStrings(writer, "granted_scope", session.GrantedScopes);
            WriteStrings(writer, "granted_audience", session.GrantedAudience);
            WriteStrings(writer, "requested_scope", session.RequestedScopes);
            WriteStrings(writer, "requested_audience", session.RequestedAudience);
            if (box is not null && (session.AccessTokenClaims.Count > 0 || session.IdTokenClaims.Count > 0))
            {
                writer.WriteString("sealed_claims", box.Seal(SealPurpose, EncodeClaims(session)));
            }
            else
            {
                WriteClaims(writer, "access_token_claims", session.AccessTokenClaims);
                WriteClaims(writer, "id_token_claims", session.IdTokenClaims);
            }

            writer.WriteString("requested_at", SqlDialect.Truncate(session.RequestedAt));
            WriteStrings(writer, "amr", session.Amr);
            if (session.AccessTokenStrategy != DefaultStrategy)
            {
                writer.WriteString("access_token_strategy", session.AccessTokenStrategy);
            }

            if (session.AuthTime is { } authTime)
            {
                writer.WriteString("auth_time", SqlDialect.Truncate(authTime));
            }

            JsonWriterFields.OptionalText(writer, "acr", session.Acr);
            JsonWriterFields.OptionalText(writer, "nonce", session.Nonce);
            JsonWriterFields.OptionalText(writer, "sid", session.SessionId);
            JsonWriterFields.OptionalText(writer, "flow_id", session.FlowId);
            JsonWriterFields.OptionalText(writer, "obfuscated_subject", session.ObfuscatedSubject);
            JsonWriterFields.OptionalText(writer, "redirect_uri", session.RedirectUri);
            JsonWriterFields.OptionalText(writer, "code_challenge", session.CodeChallenge);
            JsonWriterFields.OptionalText(writer, "code_challenge_method", session.CodeChallengeMethod);
            JsonWriterFields.OptionalText(writer, "device_status", session.DeviceStatus);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static byte[] EncodeClaims(GrantSession session)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            WriteClaims(writer, "access_token_claims", session.AccessTokenClaims);
            WriteClaims(writer, "id_token_claims", session.IdTokenClaims);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>
    /// The session, or null when <paramref name="utf8"/> is not a JSON object, or its sealed claims do not
    /// open with <paramref name="box"/> (sealed under a secret no longer configured, tampered with, or no box).
    /// </summary>
    public static GrantSession? Decode(ReadOnlySpan<byte> utf8, SecretBox? box = null)
    {
        var reader = new Utf8JsonReader(utf8);
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return null;
            }

            string clientId = "", subject = "", grantType = "", strategy = DefaultStrategy;
            List<string> grantedScopes = [], grantedAudience = [], requestedScopes = [], requestedAudience = [], amr = [];
            JsonObject? accessClaims = null, idClaims = null;
            DateTimeOffset requestedAt = DateTimeOffset.UnixEpoch;
            DateTimeOffset? authTime = null;
            string? acr = null, nonce = null, sid = null, flowId = null, obfuscated = null, redirectUri = null, challenge = null, challengeMethod = null, deviceStatus = null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.ValueSpan;
                reader.Read();
                if (name.SequenceEqual("client_id"u8)) clientId = JsonReaderFields.Text(ref reader) ?? "";
                else if (name.SequenceEqual("subject"u8)) subject = JsonReaderFields.Text(ref reader) ?? "";
                else if (name.SequenceEqual("grant_type"u8)) grantType = JsonReaderFields.Text(ref reader) ?? "";
                else if (name.SequenceEqual("granted_scope"u8)) grantedScopes = JsonReaderFields.Strings(ref reader);
                else if (name.SequenceEqual("granted_audience"u8)) grantedAudience = JsonReaderFields.Strings(ref reader);
                else if (name.SequenceEqual("requested_scope"u8)) requestedScopes = JsonReaderFields.Strings(ref reader);
                else if (name.SequenceEqual("requested_audience"u8)) requestedAudience = JsonReaderFields.Strings(ref reader);
                else if (name.SequenceEqual("access_token_claims"u8)) accessClaims = Claims(ref reader);
                else if (name.SequenceEqual("id_token_claims"u8)) idClaims = Claims(ref reader);
                else if (name.SequenceEqual("sealed_claims"u8))
                {
                    if (box?.Open(SealPurpose, reader.TokenType == JsonTokenType.String ? reader.ValueSpan : []) is not { } opened
                        || !DecodeClaims(opened, ref accessClaims, ref idClaims))
                    {
                        return null;
                    }
                }
                else if (name.SequenceEqual("requested_at"u8)) requestedAt = JsonReaderFields.Time(ref reader) ?? DateTimeOffset.UnixEpoch;
                else if (name.SequenceEqual("auth_time"u8)) authTime = JsonReaderFields.Time(ref reader);
                else if (name.SequenceEqual("amr"u8)) amr = JsonReaderFields.Strings(ref reader);
                else if (name.SequenceEqual("access_token_strategy"u8)) strategy = JsonReaderFields.Text(ref reader) ?? DefaultStrategy;
                else if (name.SequenceEqual("acr"u8)) acr = JsonReaderFields.Text(ref reader);
                else if (name.SequenceEqual("nonce"u8)) nonce = JsonReaderFields.Text(ref reader);
                else if (name.SequenceEqual("sid"u8)) sid = JsonReaderFields.Text(ref reader);
                else if (name.SequenceEqual("flow_id"u8)) flowId = JsonReaderFields.Text(ref reader);
                else if (name.SequenceEqual("obfuscated_subject"u8)) obfuscated = JsonReaderFields.Text(ref reader);
                else if (name.SequenceEqual("redirect_uri"u8)) redirectUri = JsonReaderFields.Text(ref reader);
                else if (name.SequenceEqual("code_challenge"u8)) challenge = JsonReaderFields.Text(ref reader);
                else if (name.SequenceEqual("code_challenge_method"u8)) challengeMethod = JsonReaderFields.Text(ref reader);
                else if (name.SequenceEqual("device_status"u8)) deviceStatus = JsonReaderFields.Text(ref reader);
                else reader.Skip();
            }

            if (reader.TokenType != JsonTokenType.EndObject)
            {
                return null;
            }

            return new GrantSession
            {
                ClientId = clientId,
                Subject = subject,
                GrantType = grantType,
                GrantedScopes = grantedScopes,
                GrantedAudience = grantedAudience,
                RequestedScopes = requestedScopes,
                RequestedAudience = requestedAudience,
                AccessTokenClaims = accessClaims ?? [],
                IdTokenClaims = idClaims ?? [],
                RequestedAt = requestedAt,
                AuthTime = authTime,
                Acr = acr,
                Amr = amr,
                Nonce = nonce,
                SessionId = sid,
                FlowId = flowId,
                ObfuscatedSubject = obfuscated,
                RedirectUri = redirectUri,
                CodeChallenge = challenge,
                CodeChallengeMethod = challengeMethod,
                DeviceStatus = deviceStatus,
                AccessTokenStrategy = strategy,
            };
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static bool DecodeClaims(ReadOnlySpan<byte> utf8, ref JsonObject? accessClaims, ref JsonObject? idClaims)
    {
        var reader = new Utf8JsonReader(utf8);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return false;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.ValueSpan;
            reader.Read();
            if (name.SequenceEqual("access_token_claims"u8)) accessClaims = Claims(ref reader);
            else if (name.SequenceEqual("id_token_claims"u8)) idClaims = Claims(ref reader);
            else reader.Skip();
        }

        return reader.TokenType == JsonTokenType.EndObject;
    }

    private static void WriteStrings(Utf8JsonWriter writer, string name, IReadOnlyList<string> values)
    {
        if (values.Count > 0)
        {
            JsonWriterFields.Strings(writer, name, values);
        }
    }

    private static void WriteClaims(Utf8JsonWriter writer, string name, JsonObject claims)
    {
        if (claims.Count > 0)
        {
            writer.WritePropertyName(name);
            claims.WriteTo(writer);
        }
    }

    private static JsonObject Claims(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return [];
        }

        // Most grants carry no extra claims: "{}" needs no document.
        var start = reader;
        if (reader.Read() && reader.TokenType == JsonTokenType.EndObject)
        {
            return [];
        }

        reader = start;
        return JsonNode.Parse(ref reader) as JsonObject ?? [];
    }
}

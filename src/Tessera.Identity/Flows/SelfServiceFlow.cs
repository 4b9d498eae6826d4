using System.Globalization;
using System.Text.Json.Nodes;

namespace Tessera.Identity.Flows;

/// <summary>
/// One self-service flow (login, registration, and later settings, recovery, verification) as stored:
/// Kratos keeps one table per flow, this service one table told apart by <see cref="Name"/>.
/// <see cref="CsrfToken"/> is the masked token the flow was made with (Kratos stores it so); a form
/// submitted to a browser flow must carry a token that matches the anti-CSRF cookie.
/// </summary>
internal sealed record SelfServiceFlow(
    string Id,
    string Name,
    string Type,
    string RequestUrl,
    string? ReturnTo,
    DateTimeOffset IssuedAt,
    DateTimeOffset ExpiresAt,
    string State,
    string? Active,
    UiContainer Ui,
    string CsrfToken,
    string? IdentityId,
    bool Refresh,
    string RequestedAal,
    string? OrganizationId,
    string? IdentitySchemaId,
    string? OAuth2LoginChallenge,
    JsonNode? TransientPayload,
    JsonObject InternalContext,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    public bool IsBrowser => Type == FlowNames.Browser;

    public bool IsExpired(DateTimeOffset now) => ExpiresAt < now;

    /// <summary>A session token exchange code (<see cref="Sessions.SessionTokenExchange"/>) answered once, at creation (not stored with the flow, as in Kratos).</summary>
    public string? SessionTokenExchangeCode { get; init; }

    /// <summary><paramref name="url"/> with <c>flow=&lt;id&gt;</c> added (Kratos's <c>AppendTo</c>).</summary>
    public string AppendTo(string url) => FlowUrls.WithQuery(url, "flow", Id);

    /// <summary>The flow as Kratos's public API answers it, field for field in Kratos's order.</summary>
    public JsonObject ToJson()
    {
        var json = new JsonObject { ["id"] = Id };
        if (Name == FlowNames.Login)
        {
            json["organization_id"] = OrganizationId;
        }

        if (OAuth2LoginChallenge is not null)
        {
            json["oauth2_login_challenge"] = OAuth2LoginChallenge;
        }

        json["type"] = Type;
        json["expires_at"] = Time(ExpiresAt);
        json["issued_at"] = Time(IssuedAt);
        json["request_url"] = RequestUrl;
        if (!string.IsNullOrEmpty(ReturnTo))
        {
            json["return_to"] = ReturnTo;
        }

        if (!string.IsNullOrEmpty(Active))
        {
            json["active"] = Active;
        }

        json["ui"] = Ui.ToJson();
        if (Name == FlowNames.Login)
        {
            json["created_at"] = Time(CreatedAt);
            json["updated_at"] = Time(UpdatedAt);
            json["refresh"] = Refresh;
            json["requested_aal"] = RequestedAal;
        }
        else
        {
            json["organization_id"] = OrganizationId;
            if (TransientPayload is not null)
            {
                json["transient_payload"] = TransientPayload.DeepClone();
            }
        }

        if (SessionTokenExchangeCode is not null)
        {
            json["session_token_exchange_code"] = SessionTokenExchangeCode;
        }

        json["state"] = State;
        if (Name == FlowNames.Login && TransientPayload is not null)
        {
            json["transient_payload"] = TransientPayload.DeepClone();
        }

        if (IdentitySchemaId is not null)
        {
            json["identity_schema"] = IdentitySchemaId;
        }

        return json;
    }

    /// <summary>RFC 3339 with the fraction Go writes (trailing zeros dropped), in UTC.</summary>
    public static string Time(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);
}

using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Tessera.Identity.Flows;
using Tessera.Platform.Outbound;

namespace Tessera.Identity.Hooks;

/// <summary>
/// Calls a <c>web_hook</c> as Kratos's <c>WebHook.execute</c> does, through the service's outbound client: the
/// configured method and URL, the auth (API key header or cookie, basic auth), the payload as JSON (Kratos passes the
/// same object to the Jsonnet <c>body</c> as <c>ctx</c>; here it is sent as it is). <c>response.ignore</c>: sent
/// without waiting, failures only logged. Otherwise a status ≥ 400 fails the flow — with <c>response.parse</c> its
/// <c>messages</c> go on the form, else 502 — and a parsed 200 may change the identity (<c>identity.traits</c>,
/// <c>schema_id</c>, <c>state</c>, <c>metadata_public</c>, <c>metadata_admin</c>, <c>external_id</c>).
/// </summary>
internal sealed partial class WebHookCaller(OutboundHttpClient outbound, ILogger logger)
{
    private static readonly OutboundLimits Limits = new(TimeSpan.FromSeconds(30), 5 << 20);

    public async Task<WebHookOutcome> CallAsync(WebHookOptions hook, string key, JsonObject payload, CancellationToken ct)
    {
        if (hook.Ignore)
        {
            _ = FireAndForgetAsync(hook, key, payload);
            return WebHookOutcome.Continue;
        }

        OutboundResponse response;
        try
        {
            using var request = Request(hook, payload);
            response = await outbound.SendAsync(key + ".url", request, Limits, readErrorBody: hook.Parse, ct);
        }
        catch (OutboundFetchException e)
        {
            LogFailed(logger, key, e.Failure.ToString());
            return new WebHookOutcome(null, null, e.Failure == OutboundFailure.TimedOut
                ? new FlowError(504, "webhook timed out", "A third-party upstream service could not be reached. Please try again later.")
                : new FlowError(502, "webhook failed", "A third-party upstream service could not be reached. Please try again later."));
        }

        var status = (int)response.Status;
        if (status >= 400)
        {
            LogFailed(logger, key, status.ToString(System.Globalization.CultureInfo.InvariantCulture));
            if (hook.Parse)
            {
                return Messages(response.Body);
            }

            return new WebHookOutcome(null, null, new FlowError(502, $"webhook failed with status code {status}", "A third-party upstream service responded improperly. Please try again later."));
        }

        if (!hook.Parse || response.Status != HttpStatusCode.OK)
        {
            return WebHookOutcome.Continue;
        }

        try
        {
            return JsonNode.Parse(response.Body) is JsonObject { } answer
                ? new WebHookOutcome(answer["identity"] as JsonObject, null, null)
                : WebHookOutcome.Continue;
        }
        catch (JsonException)
        {
            return new WebHookOutcome(null, null, FlowError.Internal("webhook response could not be unmarshalled properly from JSON"));
        }
    }

    /// <summary>Kratos's <c>parseWebhookResponse</c> for a failed status: <c>{"messages":[{"instance_ptr","messages":[{id,text,type,context}]}]}</c>.</summary>
    private static WebHookOutcome Messages(byte[] body)
    {
        var found = new List<(string, UiText)>();
        try
        {
            if (JsonNode.Parse(body)?["messages"] is JsonArray entries)
            {
                foreach (var entry in entries.OfType<JsonObject>())
                {
                    var pointer = (entry["instance_ptr"] as JsonValue)?.TryGetValue<string>(out var p) == true ? p : "#/";
                    var field = pointer.TrimStart('#').Trim('/').Replace('/', '.');
                    foreach (var detail in (entry["messages"] as JsonArray ?? []).OfType<JsonObject>())
                    {
                        var id = detail["id"] is JsonValue idValue && idValue.TryGetValue<int>(out var n) ? n : 0;
                        var text = detail["text"] is JsonValue t && t.TryGetValue<string>(out var s) ? s : "";
                        var type = detail["type"] is JsonValue ty && ty.TryGetValue<string>(out var k) && k == UiText.Error ? UiText.Error : UiText.Info;
                        found.Add((field, new UiText(id, text, type, detail["context"] as JsonObject is { } context ? (JsonObject)context.DeepClone() : null)));
                    }
                }
            }
        }
        catch (JsonException)
        {
            return new WebHookOutcome(null, null, FlowError.Internal("webhook response could not be unmarshalled properly from JSON"));
        }

        return found.Count == 0
            ? new WebHookOutcome(null, null, FlowError.Internal("error while parsing webhook response: got no validation errors"))
            : new WebHookOutcome(null, found, null);
    }

    private async Task FireAndForgetAsync(WebHookOptions hook, string key, JsonObject payload)
    {
        try
        {
            using var request = Request(hook, payload);
            var response = await outbound.SendAsync(key + ".url", request, Limits, CancellationToken.None);
            if (!response.IsSuccess)
            {
                LogIgnored(logger, key, ((int)response.Status).ToString(System.Globalization.CultureInfo.InvariantCulture));
            }
        }
        catch (Exception e) when (e is OutboundFetchException or HttpRequestException or IOException)
        {
            LogIgnored(logger, key, e.Message);
        }
    }

    private static HttpRequestMessage Request(WebHookOptions hook, JsonObject payload)
    {
        var request = new HttpRequestMessage(new HttpMethod(hook.Method), hook.Url);
        if (hook.Method != "TRACE")
        {
            request.Content = new StringContent(payload.ToJsonString(), Encoding.UTF8, "application/json");
        }

        if (hook.ApiKeyName is { Length: > 0 } name && hook.ApiKeyValue is { } value)
        {
            if (hook.ApiKeyInCookie)
            {
                request.Headers.TryAddWithoutValidation("Cookie", $"{name}={value}");
            }
            else
            {
                request.Headers.TryAddWithoutValidation(name, value);
            }
        }

        if (hook.BasicUser is { } user)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{hook.BasicPassword}")));
        }

        return request;
    }

    [LoggerMessage(EventId = 5201, Level = LogLevel.Error, Message = "Web hook {Key} failed: {Failure}")]
    private static partial void LogFailed(ILogger logger, string key, string failure);

    [LoggerMessage(EventId = 5202, Level = LogLevel.Warning, Message = "Web hook {Key} failed, ignored as configured (response.ignore): {Failure}")]
    private static partial void LogIgnored(ILogger logger, string key, string failure);
}

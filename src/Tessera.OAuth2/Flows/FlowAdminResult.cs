using System.Text.Json.Nodes;

namespace Tessera.OAuth2.Flows;

/// <summary>An admin flow endpoint's answer: a status and a JSON body (a request, a redirect, or an <c>errorOAuth2</c>).</summary>
internal sealed record FlowAdminResult(int Status, JsonObject Body)
{
    public static FlowAdminResult Ok(JsonObject body) => new(200, body);

    public static FlowAdminResult Redirect(string url, int status = 200) => new(status, new JsonObject { ["redirect_to"] = url });

    public static FlowAdminResult Error(int status, string error, string description)
        => new(status, new JsonObject { ["error"] = error, ["error_description"] = description, ["status_code"] = status });

    public static FlowAdminResult NotFound(string what)
        => Error(404, "Not Found", $"Unable to locate the requested resource: the {what} does not exist or was already used.");

    /// <summary>
    /// An expired challenge, as Hydra answers it: fosite's <c>request_unauthorized</c> (401) with a hint naming
    /// the request; 410 is Hydra's answer for a used request only, and carries <c>redirect_to</c>.
    /// </summary>
    public static FlowAdminResult Expired(string request, string retry = "please try again")
        => Error(401, "request_unauthorized", $"The request could not be authorized. The {request} request has expired, {retry}.");

    public static FlowAdminResult Invalid(string hint)
        => Error(400, "invalid_request", "The request is missing a required parameter, includes an invalid parameter value, includes a parameter more than once, or is otherwise malformed. " + hint);
}

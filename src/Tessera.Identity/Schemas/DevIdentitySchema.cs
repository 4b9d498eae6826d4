using Microsoft.Extensions.Logging;

namespace Tessera.Identity.Schemas;

/// <summary>
/// The identity schema <c>serve identity --dev</c> uses when <c>identity.schemas</c> is empty, so that a first
/// <c>serve all --dev</c> can register and log in: an email address that is the password identifier and the
/// verification and recovery address. Outside <c>--dev</c> an empty <c>identity.schemas</c> stops the start, as
/// Kratos's configuration requires the key.
/// </summary>
internal static partial class DevIdentitySchema
{
    public const string Json = """
        {
          "$id": "https://schemas.tessera.dev/identity/email.schema.json",
          "$schema": "http://json-schema.org/draft-07/schema#",
          "title": "Person",
          "type": "object",
          "properties": {
            "traits": {
              "type": "object",
              "properties": {
                "email": {
                  "type": "string",
                  "format": "email",
                  "title": "E-Mail",
                  "maxLength": 320,
                  "ory.sh/kratos": {
                    "credentials": { "password": { "identifier": true } },
                    "verification": { "via": "email" },
                    "recovery": { "via": "email" }
                  }
                }
              },
              "required": ["email"],
              "additionalProperties": false
            }
          }
        }
        """;

    [LoggerMessage(5101, LogLevel.Warning, "identity.schemas is not set; using a built-in schema \"{Id}\" (an email address that logs in with a password) for this process (dev mode).", EventName = "DevIdentitySchema")]
    public static partial void LogUsed(ILogger logger, string id);
}

namespace Tessera.Identity.Tests;

/// <summary>Identity schemas for tests, in the shape Kratos's quickstart uses.</summary>
internal static class IdentityTestSchemas
{
    /// <summary>Email (a password and code identifier, a verifiable and recovery address, an email format) and an optional name.</summary>
    public const string Email = """
        {
          "$id": "https://schemas.test/email.schema.json",
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
                  "ory.sh/kratos": {
                    "credentials": { "password": { "identifier": true }, "code": { "identifier": true, "via": "email" } },
                    "verification": { "via": "email" },
                    "recovery": { "via": "email" }
                  }
                },
                "name": { "type": "object", "properties": { "first": { "type": "string" }, "last": { "type": "string" } } }
              },
              "required": ["email"],
              "additionalProperties": false
            }
          }
        }
        """;

    /// <summary>A username identifier and a list of email identifiers.</summary>
    public const string Username = """
        {
          "type": "object",
          "properties": {
            "traits": {
              "type": "object",
              "properties": {
                "username": { "type": "string", "minLength": 3, "ory.sh/kratos": { "credentials": { "password": { "identifier": true } } } },
                "emails": { "type": "array", "items": { "type": "string", "ory.sh/kratos": { "credentials": { "password": { "identifier": true } } } } }
              },
              "required": ["username"]
            }
          }
        }
        """;
}

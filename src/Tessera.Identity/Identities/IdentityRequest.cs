using System.Text.Json.Nodes;
using Tessera.Identity.Credentials;
using Tessera.Platform.Json;

namespace Tessera.Identity.Identities;

/// <summary>
/// The body of <c>POST /admin/identities</c> and <c>PUT /admin/identities/{id}</c> (Kratos's
/// createIdentityBody and updateIdentityBody): absent members are null.
/// </summary>
internal sealed record IdentityRequest(
    string? SchemaId,
    JsonObject? Traits,
    string? State,
    JsonNode? MetadataPublic,
    JsonNode? MetadataAdmin,
    string? ExternalId,
    string? OrganizationId)
{
    /// <summary><c>credentials.password.config</c>: the password to import; null when the body has none.</summary>
    public PasswordImportRequest? Password { get; init; }

    /// <summary><c>verifiable_addresses</c> to import (their verified state is kept for the addresses the traits give); null when absent.</summary>
    public IReadOnlyList<IdentityAddress>? VerifiableAddresses { get; init; }

    /// <summary><c>recovery_addresses</c> to import; null when absent.</summary>
    public IReadOnlyList<IdentityAddress>? RecoveryAddresses { get; init; }

    /// <summary>Credential types Kratos imports that this service does not yet.</summary>
    private static readonly string[] NotYetImported = ["oidc", "saml", "totp", "lookup_secret", "webauthn", "passkey"];

    /// <summary>The request in <paramref name="body"/>, or the 400 a member of the wrong type earns.</summary>
    public static (IdentityRequest? Request, IdentityError? Error) Parse(JsonNode body)
    {
        if (body is not JsonObject json)
        {
            return (null, IdentityError.BadRequest("The request body must be a JSON object."));
        }

        string? Text(string name, out IdentityError? error)
        {
            error = null;
            switch (json[name])
            {
                case null:
                    return null;
                case JsonValue v when v.TryGetValue<string>(out var s):
                    return s.Length == 0 ? null : s;
                default:
                    error = IdentityError.BadRequest($"{name} must be a string.");
                    return null;
            }
        }

        var schemaId = Text("schema_id", out var e1);
        var state = Text("state", out var e2);
        var externalId = Text("external_id", out var e3);
        var organizationId = Text("organization_id", out var e4);
        if ((e1 ?? e2 ?? e3 ?? e4) is { } typeError)
        {
            return (null, typeError);
        }

        if (json["traits"] is not (null or JsonObject))
        {
            return (null, IdentityError.BadRequest("traits must be a JSON object."));
        }

        if (state is not (null or IdentityRecord.Active or IdentityRecord.Inactive))
        {
            return (null, IdentityError.BadRequest($"The supplied state ('{state}') was not valid. Valid states are ('{IdentityRecord.Active}', '{IdentityRecord.Inactive}')."));
        }

        if (organizationId is not null && !Guid.TryParse(organizationId, out _))
        {
            return (null, IdentityError.BadRequest("organization_id must be a UUID."));
        }

        var (password, credentialsError) = ParsePassword(json["credentials"]);
        if (credentialsError is not null)
        {
            return (null, credentialsError);
        }

        var (verifiable, e5) = ParseAddresses(json["verifiable_addresses"], "verifiable_addresses");
        var (recovery, e6) = ParseAddresses(json["recovery_addresses"], "recovery_addresses");
        if ((e5 ?? e6) is { } addressError)
        {
            return (null, addressError);
        }

        return (new IdentityRequest(
            schemaId, json["traits"]?.DeepClone() as JsonObject, state, json["metadata_public"]?.DeepClone(), json["metadata_admin"]?.DeepClone(),
            externalId, organizationId?.ToLowerInvariant())
        {
            Password = password,
            VerifiableAddresses = verifiable,
            RecoveryAddresses = recovery,
        }, null);
    }

    private static (PasswordImportRequest? Password, IdentityError? Error) ParsePassword(JsonNode? credentials)
    {
        switch (credentials)
        {
            case null:
                return (null, null);
            case not JsonObject:
                return (null, IdentityError.BadRequest("credentials must be a JSON object."));
        }

        PasswordImportRequest? password = null;
        foreach (var (type, value) in credentials.AsObject())
        {
            if (type != IdentityCredential.Password)
            {
                return (null, IdentityError.BadRequest(NotYetImported.Contains(type)
                    ? $"Importing {type} credentials is not supported yet."
                    : $"json: unknown field \"{type}\""));
            }

            if (value is null)
            {
                continue;
            }

            if (value is not JsonObject entry || entry["config"] is not (null or JsonObject))
            {
                return (null, IdentityError.BadRequest("credentials.password must be an object with a config object."));
            }

            var config = entry["config"] as JsonObject;
            string? Text(string name) => config?[name] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
            if ((config?["password"] is not null && Text("password") is null)
                || (config?["hashed_password"] is not null && Text("hashed_password") is null)
                || (config?["use_password_migration_hook"] is { } hook && !(hook is JsonValue flag && flag.TryGetValue<bool>(out _))))
            {
                return (null, IdentityError.BadRequest("credentials.password.config: password and hashed_password must be strings, use_password_migration_hook a boolean."));
            }

            password = new PasswordImportRequest(Text("password"), Text("hashed_password"), JsonFields.Flag(config, "use_password_migration_hook"));
        }

        return (password, null);
    }

    /// <summary>Addresses to import: <c>value</c> (lower-cased, as Kratos does), <c>via</c> (default email), and for verifiable ones <c>verified</c>, <c>status</c>, <c>verified_at</c>.</summary>
    private static (IReadOnlyList<IdentityAddress>? Addresses, IdentityError? Error) ParseAddresses(JsonNode? node, string name)
    {
        if (node is null)
        {
            return (null, null);
        }

        if (node is not JsonArray items)
        {
            return (null, IdentityError.BadRequest($"{name} must be an array."));
        }

        var result = new List<IdentityAddress>();
        foreach (var item in items)
        {
            var value = JsonFields.Text(item as JsonObject, "value");
            if (item is not JsonObject address || value is null)
            {
                return (null, IdentityError.BadRequest($"Each of {name} must be an object with a string value."));
            }

            var verified = JsonFields.Flag(address, "verified");
            var verifiedAt = JsonFields.ParseTime(JsonFields.Text(address, "verified_at"));
            result.Add(new IdentityAddress(
                Guid.NewGuid().ToString(), JsonFields.Text(address, "via") ?? IdentityAddress.Email, value.Trim().ToLowerInvariant(), verified,
                JsonFields.Text(address, "status") ?? (verified ? IdentityAddress.Completed : IdentityAddress.Pending), verifiedAt, default, default));
        }

        return (result, null);
    }
}

using System.Globalization;
using System.Text.Json.Nodes;

namespace Tessera.OAuth2.Clients;

/// <summary>Assembles a client's stored document and renders it for responses.</summary>
internal static class ClientDocument
{
    /// <summary>The stored document: the validated fields plus the server-set ones, in Hydra's order.</summary>
    public static JsonObject Assemble(string id, JsonObject validated, DateTimeOffset createdAt, DateTimeOffset updatedAt)
    {
        var document = new JsonObject();
        foreach (var field in ClientField.All)
        {
            switch (field.Name)
            {
                case ClientField.Id:
                    document[field.Name] = id;
                    break;
                case "client_secret_expires_at":
                    document[field.Name] = 0;
                    break;
                case "created_at":
                    document[field.Name] = Timestamp(createdAt);
                    break;
                case "updated_at":
                    document[field.Name] = Timestamp(updatedAt);
                    break;
                default:
                    if (validated.TryGetPropertyValue(field.Name, out var value))
                    {
                        document[field.Name] = value?.DeepClone();
                    }

                    break;
            }
        }

        return document;
    }

    /// <summary>
    /// The response body: the document, with the plaintext secret after the name when it is shown (create,
    /// or a PUT that set one), and the registration access token and URI when they are.
    /// </summary>
    public static JsonObject Render(OAuth2Client client, string? secret = null, string? registrationToken = null, string? registrationUri = null, bool withMetadata = true)
    {
        var body = new JsonObject();
        foreach (var (name, value) in client.Document)
        {
            if (name == "metadata" && !withMetadata)
            {
                continue;
            }

            body[name] = value?.DeepClone();
            if (name == "client_name" && secret is not null)
            {
                body[ClientField.Secret] = secret;
            }
        }

        if (registrationToken is not null)
        {
            body[ClientField.RegistrationAccessToken] = registrationToken;
        }

        if (registrationUri is not null)
        {
            body[ClientField.RegistrationClientUri] = registrationUri;
        }

        return body;
    }

    /// <summary>Hydra stores client times rounded to the second, RFC 3339 in UTC.</summary>
    public static string Timestamp(DateTimeOffset at)
        => new DateTimeOffset(at.UtcTicks - (at.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}

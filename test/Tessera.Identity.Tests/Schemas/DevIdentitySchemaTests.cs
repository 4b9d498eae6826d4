using Tessera.Identity.Tests.Http;
using Tessera.Platform.Configuration;

namespace Tessera.Identity.Tests.Schemas;

/// <summary>An empty <c>identity.schemas</c>: the built-in email schema with <c>--dev</c>, a refused start without it.</summary>
public sealed class DevIdentitySchemaTests
{
    private static readonly Dictionary<string, string> NoSchemas = new() { ["identity.schemas"] = "[]" };

    [Fact]
    public async Task With_dev_the_built_in_email_schema_registers_identities_that_log_in_by_email()
    {
        await using var server = await IdentityHttpServer.StartAsync(new Dictionary<string, string>(NoSchemas) { ["dev"] = "true" });
        var (status, schema, _) = await server.SendAsync(HttpMethod.Get, server.PublicUrl + "/schemas/default");
        Assert.Equal(200, status);
        Assert.Equal("email", (string)schema!["properties"]!["traits"]!["required"]![0]!);

        (status, var identity, _) = await server.SendAsync(HttpMethod.Post, server.AdminUrl + "/admin/identities?include_credential=password",
            """{"traits":{"email":"First@Example.com"},"credentials":{"password":{"config":{"password":"a long enough dev passphrase"}}}}""");
        Assert.Equal(201, status);
        Assert.Equal("default", (string)identity!["schema_id"]!);
        Assert.Equal("first@example.com", (string)identity["credentials"]!["password"]!["identifiers"]![0]!);
        Assert.Equal("first@example.com", (string)identity["verifiable_addresses"]![0]!["value"]!);

        (status, var refused, _) = await server.SendAsync(HttpMethod.Post, server.AdminUrl + "/admin/identities", """{"traits":{"email":"not an address"}}""");
        Assert.Equal(400, status);
        Assert.NotNull(refused!["error"]);
    }

    [Fact]
    public async Task Without_dev_an_empty_identity_schemas_stops_the_start_naming_the_key()
    {
        var error = await Assert.ThrowsAsync<ConfigException>(() => IdentityTestRuntime.StartAsync(new Dictionary<string, string>(NoSchemas) { ["dev"] = "false" }));
        Assert.StartsWith("identity.schemas:", error.Message, StringComparison.Ordinal);
    }
}

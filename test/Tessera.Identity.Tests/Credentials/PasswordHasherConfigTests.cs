using Tessera.Identity.Credentials;
using Tessera.Identity.Tests.Http;
using Tessera.Platform.Configuration;

namespace Tessera.Identity.Tests.Credentials;

public sealed class PasswordHasherConfigTests
{
    [Theory]
    [InlineData("128MB", 128 * 1024)]
    [InlineData("64KB", 64)]
    [InlineData("1GB", 1024 * 1024)]
    [InlineData("2048B", 2)]
    public void Argon2_memory_is_a_kratos_byte_size(string size, int kib) => Assert.Equal(kib, PasswordHasherConfig.MemoryKiB(size));

    [Theory]
    [InlineData("12")]
    [InlineData("MB")]
    [InlineData("5XB")]
    public void A_size_without_a_unit_is_refused(string size) => Assert.Throws<ConfigException>(() => PasswordHasherConfig.MemoryKiB(size));

    [Fact]
    public async Task Argon2_from_the_config_hashes_imported_passwords()
    {
        await using var server = await IdentityHttpServer.StartAsync(new Dictionary<string, string>
        {
            ["hashers.algorithm"] = "argon2",
            ["hashers.argon2.memory"] = "64KB",
            ["hashers.argon2.parallelism"] = "1",
            ["hashers.argon2.iterations"] = "2",
        });
        var (status, created, _) = await server.SendAsync(HttpMethod.Post, server.AdminUrl + "/admin/identities", """{"traits":{"email":"argon@example.com"},"credentials":{"password":{"config":{"password":"pw"}}}}""");
        Assert.Equal(201, status);
        var (_, read, _) = await server.SendAsync(HttpMethod.Get, $"{server.AdminUrl}/admin/identities/{(string)created!["id"]!}?include_credential=password");
        var hash = (string)read!["credentials"]!["password"]!["config"]!["hashed_password"]!;
        Assert.StartsWith("$argon2id$v=19$m=64,t=2,p=1$", hash, StringComparison.Ordinal);
        Assert.True(PasswordHashes.Verify(hash, "pw"));
    }

    [Fact]
    public async Task A_bcrypt_cost_below_12_is_raised_outside_dev()
    {
        await using var server = await IdentityHttpServer.StartAsync(new Dictionary<string, string> { ["dev"] = "false", ["hashers.bcrypt.cost"] = "4" });
        Assert.StartsWith("$2a$12$", server.Runtime.Hashes.Hash("pw"), StringComparison.Ordinal);
        await using var dev = await IdentityHttpServer.StartAsync(new Dictionary<string, string> { ["hashers.bcrypt.cost"] = "5" });
        Assert.StartsWith("$2a$05$", dev.Runtime.Hashes.Hash("pw"), StringComparison.Ordinal);
    }
}

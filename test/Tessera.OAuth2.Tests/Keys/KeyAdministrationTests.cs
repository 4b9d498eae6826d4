using System.Text.Json.Nodes;
using Tessera.OAuth2.Keys;
using Tessera.OAuth2.Storage;
using Tessera.Platform.Crypto;
using Tessera.Platform.Persistence;
using Tessera.Testing;
using Tessera.Platform.Jose;

namespace Tessera.OAuth2.Tests.Keys;

/// <summary>The admin key operations and the public JWKS, on a real SQLite database.</summary>
public sealed class KeyAdministrationTests : IAsyncLifetime
{
    private static readonly CancellationToken None = CancellationToken.None;
    private readonly TempFolder folder = new();
    private Database database = null!;
    private KeyStore store = null!;
    private KeyAdministration keys = null!;

    public async Task InitializeAsync()
    {
        database = Database.Open($"sqlite://{folder.File("keys.sqlite")}?_fk=true");
        await new Migrator(database, OAuth2Service.Descriptor.Migrations!).ApplyAsync(None);
        store = new KeyStore(database, new SecretBox(new SecretKeys(["system-secret-0123456789"])), new ManualTime());
        keys = new KeyAdministration(store, ["published", "also-published"]);
    }

    public async Task DisposeAsync()
    {
        await database.DisposeAsync();
        folder.Dispose();
    }

    private static JsonNode Json(string json) => JsonNode.Parse(json)!;

    [Fact]
    public async Task Generate_adds_a_key_of_the_requested_kind_to_the_set()
    {
        var result = await keys.GenerateAsync("s", Json("""{"alg":"ES256","use":"enc","kid":"chosen"}"""), None);
        Assert.Null(result.Error);
        var key = Assert.Single(result.Keys);
        Assert.Equal(("EC", "enc", "chosen"), (key["kty"]!.GetValue<string>(), key["use"]!.GetValue<string>(), key["kid"]!.GetValue<string>()));
        Assert.True(key.ContainsKey("d"), "the admin API shows private members");
        Assert.Equal("chosen", Assert.Single(await keys.GetSetAsync("s", None))["kid"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("""{}""", "The request needs \"alg\".")]
    [InlineData("""{"alg":7}""", "The request needs \"alg\".")]
    [InlineData("""[]""", "The request needs \"alg\".")]
    [InlineData("""{"alg":"none"}""", "The key request is invalid.")]
    [InlineData("""{"alg":"ES256","use":"both"}""", "The key request is invalid.")]
    public async Task Generate_refuses_a_bad_request_and_writes_nothing(string body, string message)
    {
        var result = await keys.GenerateAsync("s", Json(body), None);
        Assert.Equal(message, result.Error!.Message);
        Assert.Contains("ES256", result.Error.Reason, StringComparison.Ordinal);
        Assert.Empty(await keys.GetSetAsync("s", None));
    }

    [Fact]
    public async Task Replace_writes_nothing_unless_every_key_is_acceptable()
    {
        await keys.GenerateAsync("s", Json("""{"alg":"ES256","kid":"old"}"""), None);
        var good = JsonWebKeyGenerator.Generate("ES256", "new");
        var refused = await keys.ReplaceSetAsync("s", new JsonObject { ["keys"] = new JsonArray(good.DeepClone(), new JsonObject { ["kty"] = "EC" }) }, None);
        Assert.StartsWith("keys[1]: ", refused.Error!.Message, StringComparison.Ordinal);
        Assert.Equal("old", Assert.Single(await keys.GetSetAsync("s", None))["kid"]!.GetValue<string>());

        Assert.Equal("The request needs a \"keys\" array.", (await keys.ReplaceSetAsync("s", Json("""{"keys":{}}"""), None)).Error!.Message);

        var replaced = await keys.ReplaceSetAsync("s", new JsonObject { ["keys"] = new JsonArray(good.DeepClone()) }, None);
        Assert.Null(replaced.Error);
        Assert.Equal("new", Assert.Single(await keys.GetSetAsync("s", None))["kid"]!.GetValue<string>());
    }

    [Fact]
    public async Task Put_needs_the_kid_of_the_path_and_replaces_the_key_with_that_kid()
    {
        var key = JsonWebKeyGenerator.Generate("ES256", "k1");
        Assert.Equal("The key's \"kid\" must match the kid in the path.", (await keys.PutKeyAsync("s", "k2", key.DeepClone(), None)).Error!.Message);
        Assert.Null(await keys.GetKeyAsync("s", "k1", None));

        Assert.Null((await keys.PutKeyAsync("s", "k1", key.DeepClone(), None)).Error);
        var replacement = JsonWebKeyGenerator.Generate("ES256", "k1");
        Assert.Null((await keys.PutKeyAsync("s", "k1", replacement.DeepClone(), None)).Error);
        var stored = Assert.Single(await keys.GetSetAsync("s", None));
        Assert.Equal(replacement["x"]!.GetValue<string>(), stored["x"]!.GetValue<string>());
    }

    [Fact]
    public async Task Deletes_say_whether_there_was_something_to_delete()
    {
        await keys.GenerateAsync("s", Json("""{"alg":"ES256","kid":"a"}"""), None);
        await keys.GenerateAsync("s", Json("""{"alg":"ES256","kid":"b"}"""), None);
        Assert.True(await keys.DeleteKeyAsync("s", "a", None));
        Assert.False(await keys.DeleteKeyAsync("s", "a", None));
        Assert.True(await keys.DeleteSetAsync("s", None));
        Assert.False(await keys.DeleteSetAsync("s", None));
        Assert.Empty(await keys.GetSetAsync("s", None));
    }

    [Fact]
    public async Task The_public_keys_are_the_public_parts_of_the_asymmetric_keys_of_the_broadcast_sets()
    {
        await keys.GenerateAsync("published", Json("""{"alg":"ES256","kid":"p1"}"""), None);
        await keys.GenerateAsync("published", Json("""{"alg":"HS256","kid":"symmetric"}"""), None);
        await keys.GenerateAsync("also-published", Json("""{"alg":"ES256","kid":"p2"}"""), None);
        await keys.GenerateAsync("private", Json("""{"alg":"ES256","kid":"hidden"}"""), None);

        var published = await keys.PublicKeysAsync(None);
        Assert.Equal(["p1", "p2"], published.Select(k => k["kid"]!.GetValue<string>()));
        Assert.All(published, k => Assert.False(k.ContainsKey("d"), "no private members"));
    }
}

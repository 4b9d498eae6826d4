using System.Security.Cryptography;
using Tessera.Identity.Credentials;

namespace Tessera.Identity.Tests.Credentials;

public sealed class BreachedPasswordListTests
{
    private static readonly BreachedPasswordList List = BreachedPasswordList.Instance;

    [Theory]
    [InlineData("123456")]
    [InlineData("password")]
    [InlineData("qwerty")]
    [InlineData("iloveyou")]
    [InlineData("trustno1")]
    [InlineData("Password1")]
    [InlineData("goreds")]
    [InlineData("banana69")]
    public void Common_breached_passwords_are_listed(string password) => Assert.True(List.Contains(password));

    [Theory]
    [InlineData("PASSWORD-not-on-any-list-7Qx")]
    [InlineData("")]
    [InlineData("correct horse battery staple, but longer than any listed password")]
    public void Other_passwords_are_not(string password) => Assert.False(List.Contains(password));

    [Fact]
    public void The_list_holds_the_100000_most_common_passwords()
    {
        Assert.True(List.Count >= 99_990, $"{List.Count} fingerprints");
        Assert.Equal(20, List.MaxPasswordBytes);
    }

    [Fact]
    public void Random_passwords_are_not_listed()
    {
        var found = 0;
        for (var i = 0; i < 20_000; i++)
        {
            if (List.Contains(RandomNumberGenerator.GetHexString(12)))
            {
                found++;
            }
        }

        // About 1.5e-6 per password: 20,000 random ones expect 0.03 matches.
        Assert.True(found <= 1, $"{found} random passwords matched");
    }

    [Fact]
    public void A_check_allocates_nothing()
    {
        string[] passwords = ["password", "not-listed-Zq93k", "ééé-unicode-✓", new string('x', 500)];
        Assert.True(List.Contains(passwords[0]));
        var before = GC.GetAllocatedBytesForCurrentThread();
        var hits = 0;
        for (var i = 0; i < 10_000; i++)
        {
            hits += List.Contains(passwords[i % passwords.Length]) ? 1 : 0;
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(2_500, hits);
        Assert.Equal(0, allocated);
    }

    [Fact]
    public void The_similarity_check_allocates_nothing_either()
    {
        Assert.True(IdentifierSimilarity.TooSimilar("hello@example.com", "hello@exam"));
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1_000; i++)
        {
            IdentifierSimilarity.TooSimilar("hello@example.com", "Zq93k-unrelated-ö");
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}

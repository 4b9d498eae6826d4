using Tessera.Identity.Credentials;
using Tessera.Platform.Configuration;

namespace Tessera.Identity.Tests.Credentials;

public sealed class PasswordPolicyTests
{
    private static readonly PasswordPolicy Validator = new(new PasswordPolicyOptions { MaxPasswordBytes = null });

    // The inputs of Kratos's own validator_test.go (TestDefaultPasswordValidationStrategy), with the message id it expects.
    [Theory]
    [InlineData("", "", PasswordPolicyViolation.MinLengthId)]
    [InlineData("", "12", PasswordPolicyViolation.MinLengthId)]
    [InlineData("", "123456", PasswordPolicyViolation.MinLengthId)]
    [InlineData("", "l3f9to", PasswordPolicyViolation.MinLengthId)]
    [InlineData("", "12345678", PasswordPolicyViolation.TooManyBreachesId)]
    [InlineData("", "password", PasswordPolicyViolation.TooManyBreachesId)]
    [InlineData("", "1234567890", PasswordPolicyViolation.TooManyBreachesId)]
    [InlineData("", "qwertyui", PasswordPolicyViolation.TooManyBreachesId)]
    [InlineData("", "l3f9toh1uaf81n21", 0L)]
    [InlineData("", "l3f9toh1", 0L)]
    [InlineData("l3f9toh1uaf81n21", "l3f9toh1uaf81n21", PasswordPolicyViolation.IdentifierTooSimilarId)]
    [InlineData("hello@example.com", "hello@example.com12345", PasswordPolicyViolation.IdentifierTooSimilarId)]
    [InlineData("hello@example.com", "123hello@example.com123", PasswordPolicyViolation.IdentifierTooSimilarId)]
    [InlineData("hello@example.com", "hello@exam", PasswordPolicyViolation.IdentifierTooSimilarId)]
    [InlineData("hello@example.com", "HELLO@EXAMPLE.COM", PasswordPolicyViolation.IdentifierTooSimilarId)]
    [InlineData("hello@example.com", "HELLO@example.com", PasswordPolicyViolation.IdentifierTooSimilarId)]
    [InlineData("hello@exam", "hello@example.com", PasswordPolicyViolation.IdentifierTooSimilarId)]
    [InlineData("hello@example.com", "h3ll0@example", PasswordPolicyViolation.IdentifierTooSimilarId)]
    [InlineData("abcd", "9d3c8a1b", 0L)]
    [InlineData("a", "kjOklafe", 0L)]
    [InlineData("ab", "0000ab0000123", 0L)]
    [InlineData("d4f6090b-5a84", "d4f6090b-5a84-2184-4404-8d1b-8da3eb00ebbe", 0L)]
    [InlineData("asdflasdflasdf", "asdflasdflpiuhefnciluaksdzuföfhg", 0L)]
    [InlineData("bosqwfaxee", "bosqwfaxee", PasswordPolicyViolation.IdentifierTooSimilarId)]
    public void Kratos_validator_cases_give_Kratos_outcome(string identifier, string password, long expected)
        => Assert.Equal(expected, Validator.Validate(identifier, password)?.Id ?? 0L);

    [Fact]
    public void Operands_over_256_bytes_are_not_compared_and_a_long_password_passes_the_validator()
    {
        var large = new string('a', 257);
        Assert.Null(Validator.Validate(large, large));
        Assert.Null(Validator.Validate("", new string('0', 400)));
        Assert.NotNull(Validator.Validate(new string('a', 20), new string('a', 20)));
    }

    [Fact]
    public void Similarity_check_can_be_turned_off()
    {
        var off = new PasswordPolicy(new PasswordPolicyOptions { IdentifierSimilarityCheckEnabled = false });
        Assert.Null(off.Validate("bosqwfaxee", "bosqwfaxee"));
    }

    [Fact]
    public void Breach_check_can_be_turned_off_and_max_breaches_cannot_let_a_listed_password_through()
    {
        Assert.Null(new PasswordPolicy(new PasswordPolicyOptions { HaveIBeenPwnedEnabled = false }).Validate("", "password"));
        Assert.Equal(PasswordPolicyViolation.TooManyBreachesId, new PasswordPolicy(new PasswordPolicyOptions { MaxBreaches = 100 }).Validate("", "password")!.Id);
    }

    [Fact]
    public void Lengths_are_utf8_bytes_as_go_len()
    {
        // Four two-byte characters are eight bytes: long enough for the default minimum of 8.
        Assert.Null(Validator.Validate("", "éééé"));
        var violation = Validator.Validate("", "éé1");
        Assert.Equal("The password must be at least 8 characters long, but got 5.", violation!.Text);
    }

    [Fact]
    public void Messages_carry_Kratos_ids_texts_and_contexts()
    {
        var min = Validator.Validate("", "short")!;
        Assert.Equal(4000032, min.Id);
        Assert.Equal("The password must be at least 8 characters long, but got 5.", min.Text);
        Assert.Equal("""{"min_length":8,"actual_length":5}""", min.Context!.ToJsonString());
        Assert.Equal("error", min.Type);

        var similar = Validator.Validate("alice@example.com", "alice@example.com")!;
        Assert.Equal(4000031, similar.Id);
        Assert.Equal("The password can not be used because it is too similar to the identifier.", similar.Text);
        Assert.Null(similar.Context);

        var breached = Validator.Validate("", "iloveyou")!;
        Assert.Equal(4000034, breached.Id);
        Assert.Equal("The password has been found in data breaches and must no longer be used.", breached.Text);
        Assert.Equal("""{"breaches":101}""", breached.Context!.ToJsonString());

        var generic = PasswordPolicyViolation.Generic("it is bad");
        Assert.Equal(4000005, generic.Id);
        Assert.Equal("The password can not be used because it is bad.", generic.Text);
        Assert.Equal("""{"reason":"it is bad"}""", generic.Context!.ToJsonString());
    }

    [Fact]
    public void Bcrypt_refuses_more_than_72_bytes_after_the_other_rules()
    {
        var bcrypt = new PasswordPolicy(new PasswordPolicyOptions());
        Assert.Null(bcrypt.Validate("", new string('x', 60) + "Q7#kd-pL0vZ3"));
        var tooLong = bcrypt.Validate("", "Q7#kd-pL0vZ3" + new string('x', 61))!;
        Assert.Equal(4000033, tooLong.Id);
        Assert.Equal("The password must be at most 72 characters long, but got 73.", tooLong.Text);
        Assert.Equal("""{"max_length":72,"actual_length":73}""", tooLong.Context!.ToJsonString());
        Assert.Equal(PasswordPolicyViolation.MinLengthId, bcrypt.Validate("", "x")!.Id);
    }

    [Fact]
    public void Options_come_from_Kratos_keys_with_Kratos_defaults()
    {
        var defaults = PasswordPolicyOptions.FromConfig(Load([]));
        Assert.Equal(new PasswordPolicyOptions(), defaults);

        var set = PasswordPolicyOptions.FromConfig(Load(new()
        {
            ["selfservice.methods.password.config.min_password_length"] = "12",
            ["selfservice.methods.password.config.identifier_similarity_check_enabled"] = "false",
            ["selfservice.methods.password.config.haveibeenpwned_enabled"] = "false",
            ["selfservice.methods.password.config.max_breaches"] = "3",
            ["selfservice.methods.password.config.ignore_network_errors"] = "false",
            ["hashers.algorithm"] = "argon2",
        }));
        Assert.Equal(new PasswordPolicyOptions
        {
            MinPasswordLength = 12, IdentifierSimilarityCheckEnabled = false, HaveIBeenPwnedEnabled = false, MaxBreaches = 3,
            IgnoreNetworkErrors = false, MaxPasswordBytes = null,
        }, set);
    }

    [Theory]
    [InlineData("selfservice.methods.password.config.min_password_length", "5")]
    [InlineData("selfservice.methods.password.config.max_breaches", "101")]
    [InlineData("selfservice.methods.password.config.unknown", "1")]
    public void The_schema_refuses_what_Kratos_refuses(string key, string value)
        => Assert.ThrowsAny<Exception>(() => Load(new() { [key] = value }));

    internal static ConfigSnapshot Load(Dictionary<string, string> overrides)
        => ConfigLoader.Load(ConfigSchema.FromJson(IdentityService.Descriptor.ReadConfigSchema()), new ConfigSources { Overrides = overrides });
}

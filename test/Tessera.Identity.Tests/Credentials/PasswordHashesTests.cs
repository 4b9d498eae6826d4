using System.Text;
using Tessera.Identity.Credentials;

namespace Tessera.Identity.Tests.Credentials;

public sealed class PasswordHashesTests
{
    public static TheoryData<int> Vectors()
    {
        var data = new TheoryData<int>();
        for (var i = 0; i < PasswordHashVectors.All.Length; i++)
        {
            data.Add(i);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public void A_reference_tool_hash_verifies_its_password_and_no_other(int index)
    {
        var vector = PasswordHashVectors.All[index];
        Assert.Equal(vector.Format, PasswordHashes.FormatName(vector.Hash));
        Assert.True(PasswordHashes.IsImportable(vector.Hash), vector.Command);
        Assert.True(PasswordHashes.Verify(vector.Hash, vector.Password), vector.Command);
        Assert.False(PasswordHashes.Verify(vector.Hash, vector.Password + "x"));
        Assert.False(PasswordHashes.Verify(vector.Hash, vector.Password[..^1]));
        Assert.False(PasswordHashes.Verify(vector.Hash, ""));
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public void A_damaged_hash_is_refused_without_throwing(int index)
    {
        var hash = PasswordHashVectors.All[index].Hash;
        var password = PasswordHashVectors.All[index].Password;
        var lastDollar = hash.LastIndexOf('$');
        string[] damaged =
        [
            hash[..^1],
            hash.Remove(hash.Length - 6, 1), // (a whole key truncated to whole bytes is a valid shorter key in Kratos too)
            hash + "A",
            hash + "$",
            FlipCharacter(hash, hash.Length - 3),
            FlipCharacter(hash, Math.Max(lastDollar, hash.IndexOf('}')) + 2),
            lastDollar > 0 ? hash[..lastDollar] : hash[..8],
            hash.Replace('$', '!').Replace('}', ')'),
            hash.Replace("=", "", StringComparison.Ordinal) + "(",
            hash[..Math.Min(hash.Length, 12)],
        ];
        foreach (var bad in damaged)
        {
            Assert.False(PasswordHashes.Verify(bad, password), bad);
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("plaintext")]
    [InlineData("$1$saltSALT$D/p8pQs.zJTSTkyUPAeUM/")]
    [InlineData("$6$Qw3rTy$uwUyUT8b3uuY8oZOwOg6wKEPLJOFG.6axGXKlRsGdGT2FLrygZE4vjYyiJXaJJyu2XcyxGtjE/dv0S6Lv4Cdt.")]
    [InlineData("$unknown$abc")]
    [InlineData("{SSHAnotExistent}xPUl/px+1cG55rUH4rzcwxdOIPSB2TingLpiJJumN2xyDWN4Ix1WQG3ihnvHaWUE8MYNkvMi5rf0C9NYixHsE6Yh59M=")]
    [InlineData("$hmac-sha3$YWJj$YWJj")]
    public void A_hash_in_no_format_Kratos_recognises_is_unknown_and_never_verifies(string hash)
    {
        // Kratos matches the crypt family only under its own prefixes ($md5-crypt$, $sha256-crypt$, $sha512-crypt$).
        Assert.False(PasswordHashes.IsKnownFormat(hash));
        Assert.False(PasswordHashes.IsImportable(hash));
        Assert.False(PasswordHashes.Verify(hash, PasswordHashVectors.Password));
    }

    [Theory]
    [InlineData("test123", "{SSHA}JFZFs0oHzxbMwkSJmYVeI8MnTDy/276a")]
    [InlineData("test123", "{SSHA256}czO44OTV17PcF1cRxWrLZLy9xHd7CWyVYplr1rOhuMlx/7IK")]
    [InlineData("test123", "{SSHA512}xPUl/px+1cG55rUH4rzcwxdOIPSB2TingLpiJJumN2xyDWN4Ix1WQG3ihnvHaWUE8MYNkvMi5rf0C9NYixHsE6Yh59M=")]
    [InlineData("test", "$sha1$pf=e1NBTFR9e1BBU1NXT1JEfQ==$NW9wbWtnejAzcg==$2qU2SGWP8viTM1md3FiI3+rjWXQ=")]
    [InlineData("BwS^514g^cv@Z", "$sha1$pf=e1NBTFR9e1BBU1NXT1JEfQ==$NW9wbWtnejAzcg==$99h9net4BXl7qdTRaiGUobLROxM=")]
    [InlineData("test", "$scrypt$ln=16384,r=8,p=1$2npRo7P03Mt8keSoMbyD/tKFWyUzjiQf2svUaNDSrhA=$MiCzNcIplSMqSBrm4HckjYqYhaVPPjTARTzwB1cVNYE=")]
    [InlineData("8x4WjoDbSxJZdR", "$firescrypt$ln=14,r=8,p=1$sPtDhWcd1MfdAw==$xbSou7FOl6mChCyzpCPIQ7tku7nsQMTFtyOZSXXd7tjBa4NtimOx7v42Gv2SfzPQu1oxM2/k4SsbOu73wlKe1A==$Bw==$YE0dO4bwD4JnJafh6lZZfkp1MtKzuKAXQcDCJNJNyeCHairWHKENOkbh3dzwaCdizzOspwr/FITUVlnOAwPKyw==")]
    [InlineData("test", "$argon2i$v=19$m=65536,t=3,p=4$kk51rW/vxIVCYn+EG4kTSg$NyT88uraJ6im6dyha/M5jhXvpqlEdlS/9fEm7ScMb8c")]
    [InlineData("test", "$pbkdf2-sha224$i=100000,l=32$A2nzbFd+wwzPSb+TqkF5Pw$9M4GM2yOYw/fZvsvQbF/0Ec8JO2u9O1MYRTfrDimX6o")]
    [InlineData("test", "$pbkdf2-sha384$i=100000,l=32$xDInuz7Y/DPzZUnCaQXJmg$7ICaEa6jEqxbbCBbv4YzrBf39KYNAtc3Bj0QWKeB3Ck")]
    public void Hashes_from_Kratoss_own_tests_verify(string password, string hash)
    {
        Assert.True(PasswordHashes.Verify(hash, password));
        Assert.False(PasswordHashes.Verify(hash, password + "!"));
    }

    [Theory]
    [InlineData("$argon2id$v=19$m=64,t=1,p=1$c29tZXNhbHQxNmJ5dGVzIQ$")]
    [InlineData("$pbkdf2-sha256$i=1000,l=0$Zml4ZWQtc2FsdC0xNmJ5dA$")]
    [InlineData("$scrypt$ln=1024,r=8,p=1$c2NyeXB0LXNhbHQ=$")]
    [InlineData("$firescrypt$ln=10,r=8,p=1$ZmlyZS1zYWx0$$Bw==$")]
    [InlineData("$md5$")]
    public void A_hash_with_an_empty_key_matches_no_password(string hash)
    {
        Assert.False(PasswordHashes.Verify(hash, ""));
        Assert.False(PasswordHashes.Verify(hash, "anything"));
    }

    [Fact]
    public void A_scrypt_hash_whose_N_is_no_power_of_two_never_verifies() =>
        Assert.False(PasswordHashes.Verify("$scrypt$ln=16385,r=8,p=1$2npRo7P03Mt8keSoMbyD/tKFWyUzjiQf2svUaNDSrhA=$MiCzNcIplSMqSBrm4HckjYqYhaVPPjTARTzwB1cVNYE=", "test"));

    [Theory]
    [InlineData("$pbkdf2-sha256$i=0,l=32$Zml4ZWQtc2FsdC0xNmJ5dA$O8xEfWVHaFNaU4dZzeXiOAdCJ1McjOgiEc9/+0Kjpto")]
    [InlineData("$pbkdf2-sha256$i=10000001,l=32$Zml4ZWQtc2FsdC0xNmJ5dA$O8xEfWVHaFNaU4dZzeXiOAdCJ1McjOgiEc9/+0Kjpto")]
    [InlineData("$pbkdf2-sha256$i=abc,l=32$Zml4ZWQtc2FsdC0xNmJ5dA$O8xEfWVHaFNaU4dZzeXiOAdCJ1McjOgiEc9/+0Kjpto")]
    [InlineData("$scrypt$ln=262144,r=8,p=1$2npRo7P03Mt8keSoMbyD/tKFWyUzjiQf2svUaNDSrhA=$MiCzNcIplSMqSBrm4HckjYqYhaVPPjTARTzwB1cVNYE=")]
    [InlineData("$scrypt$ln=16384,r=9,p=1$2npRo7P03Mt8keSoMbyD/tKFWyUzjiQf2svUaNDSrhA=$MiCzNcIplSMqSBrm4HckjYqYhaVPPjTARTzwB1cVNYE=")]
    [InlineData("$firescrypt$ln=18,r=8,p=1$ZmlyZS1zYWx0$IUbe$Bw==$AAEC")]
    [InlineData("$argon2id$v=19$m=1048577,t=2,p=2$c29tZXNhbHQxNmJ5dGVzIQ$RMIOCrmX7WcY7MH+E54wJvtXJYgrbc5T6UiXvawHgOI")]
    [InlineData("$argon2id$v=19$m=256,t=11,p=2$c29tZXNhbHQxNmJ5dGVzIQ$RMIOCrmX7WcY7MH+E54wJvtXJYgrbc5T6UiXvawHgOI")]
    [InlineData("$argon2id$v=19$m=256,t=2,p=17$c29tZXNhbHQxNmJ5dGVzIQ$RMIOCrmX7WcY7MH+E54wJvtXJYgrbc5T6UiXvawHgOI")]
    [InlineData("$argon2id$v=16$m=256,t=2,p=2$c29tZXNhbHQxNmJ5dGVzIQ$RMIOCrmX7WcY7MH+E54wJvtXJYgrbc5T6UiXvawHgOI")]
    [InlineData("$2a$16$XEjR7bXD4qam18L1XTQ/HuA8Rj6EtNmWUM5kzFeulMQESDTPEGDfy")]
    public void A_hash_whose_cost_is_out_of_Kratoss_bounds_is_not_importable(string hash)
    {
        Assert.True(PasswordHashes.IsKnownFormat(hash));
        Assert.False(PasswordHashes.IsImportable(hash));
        Assert.False(PasswordHashes.Verify(hash, PasswordHashVectors.Password));
    }

    [Fact]
    public void Bcrypt_refuses_a_password_past_72_bytes_as_Kratos_does()
    {
        var seventyTwo = new string('a', 72);
        var hashes = new PasswordHashes(new PasswordHasherOptions { BcryptCost = 4, Dev = true });
        var hash = hashes.Hash(seventyTwo);
        Assert.True(PasswordHashes.Verify(hash, seventyTwo));
        Assert.False(PasswordHashes.Verify(hash, seventyTwo + "a"));
        var tooLong = Assert.Throws<PasswordTooLongException>(() => hashes.Hash(seventyTwo + "ä"));
        Assert.Equal(74, tooLong.ActualBytes);
    }

    [Fact]
    public void A_bcrypt_hash_round_trips_and_is_of_the_configured_algorithm()
    {
        var hashes = new PasswordHashes(new PasswordHasherOptions { BcryptCost = 4, Dev = true });
        var hash = hashes.Hash(PasswordHashVectors.Password);
        Assert.StartsWith("$2a$04$", hash, StringComparison.Ordinal);
        Assert.True(PasswordHashes.Verify(hash, PasswordHashVectors.Password));
        Assert.False(PasswordHashes.Verify(hash, "Tessera pässword 2"));
        Assert.True(hashes.IsOfConfiguredAlgorithm(hash));
        Assert.NotEqual(hash, hashes.Hash(PasswordHashVectors.Password));
    }

    [Fact]
    public void An_argon2id_hash_round_trips_with_the_configured_parameters_and_is_of_the_configured_algorithm()
    {
        var hashes = new PasswordHashes(new PasswordHasherOptions
        {
            Algorithm = "argon2", Argon2MemoryKiB = 64, Argon2Iterations = 2, Argon2Parallelism = 2, Argon2SaltLength = 12, Argon2KeyLength = 24,
        });
        var hash = hashes.Hash(PasswordHashVectors.Password);
        var parts = hash.Split('$');
        Assert.Equal(["", "argon2id", "v=19", "m=64,t=2,p=2"], parts[..4]);
        Assert.Equal(16, parts[4].Length); // 12 bytes, unpadded base64
        Assert.Equal(32, parts[5].Length); // 24 bytes
        Assert.True(PasswordHashes.Verify(hash, PasswordHashVectors.Password));
        Assert.False(PasswordHashes.Verify(hash, "Tessera pässword 2"));
        Assert.True(hashes.IsOfConfiguredAlgorithm(hash));
        Assert.False(hashes.IsOfConfiguredAlgorithm(PasswordHashVectors.All.First(v => v.Format == "bcrypt").Hash));
        Assert.False(hashes.IsOfConfiguredAlgorithm(PasswordHashVectors.All.First(v => v.Format == "argon2i").Hash));
    }

    [Fact]
    public void An_imported_hash_of_another_algorithm_is_not_of_the_configured_one_so_a_login_rehashes_it()
    {
        var hashes = new PasswordHashes(new PasswordHasherOptions());
        foreach (var vector in PasswordHashVectors.All.Where(v => v.Format != "bcrypt"))
        {
            Assert.False(hashes.IsOfConfiguredAlgorithm(vector.Hash), vector.Hash);
        }
    }

    [Theory]
    [InlineData("", "31d6cfe0d16ae931b73c59d7e0c089c0")]
    [InlineData("a", "bde52cb31de33e46245e05fbdbd6fb24")]
    [InlineData("abc", "a448017aaf21d8525fc10ae87aa6729d")]
    [InlineData("message digest", "d9130a8164549fe818874806e1c7014b")]
    [InlineData("12345678901234567890123456789012345678901234567890123456789012345678901234567890", "e33b4ddc9c38f2199c3e7b164fcc0536")]
    public void Md4_matches_RFC_1320s_test_suite(string input, string digest) =>
        Assert.Equal(digest, Convert.ToHexStringLower(Md4.HashData(Encoding.ASCII.GetBytes(input))));

    [Theory]
    [InlineData("abc", "23097d223405d8228642a477bda255b32aadbce4bda0b3f7e36c9da7", "e642824c3f8cf24ad09234ee7d3c766fc9a3a5168d0c94ad73b46fdf")]
    [InlineData("a×200", "2559984fd15e055f0d84c346483508242f02653ab7956401e551511c", "455e0ccfc6010738ed93a793dffd79aff36debbd1a7eb6621bd6c722")]
    public void Sha224_and_Sha3_224_match_FIPS_examples_and_Python_hashlib(string input, string sha224, string sha3224)
    {
        // "abc" is FIPS 180-4's and FIPS 202's example; 200 × 'a' (python3 hashlib) spans several blocks of both.
        var bytes = input == "a×200" ? Encoding.ASCII.GetBytes(new string('a', 200)) : Encoding.ASCII.GetBytes(input);
        Assert.Equal(sha224, Convert.ToHexStringLower(Sha224.HashData(bytes)));
        Assert.Equal(sha3224, Convert.ToHexStringLower(Sha3224.HashData(bytes)));
    }

    [Theory]
    [InlineData("", "", 16, 1, 1, "77d6576238657b203b19ca42c18a0497f16b4844e3074ae8dfdffa3fede21442fcd0069ded0948f8326a753a0fc81f17e8d3e0fb2e0d3628cf35e20c38d18906")]
    [InlineData("password", "NaCl", 1024, 8, 16, "fdbabe1c9d3472007856e7190d01e9fe7c6ad7cbc8237830e77376634b3731622eaf30d92e22a3886ff109279d9830dac727afb94a83ee6d8360cbdfa2cc0640")]
    public void Scrypt_matches_RFC_7914s_test_vectors(string password, string salt, int n, int r, int p, string key) =>
        Assert.Equal(key, Convert.ToHexStringLower(Scrypt.DeriveKey(Encoding.ASCII.GetBytes(password), Encoding.ASCII.GetBytes(salt), n, r, p, 64)));

    [Fact]
    public void Outside_dev_a_bcrypt_cost_below_12_is_raised_to_12_as_Kratos_does()
    {
        Assert.Equal(12, new PasswordHasherOptions { BcryptCost = 4 }.EffectiveBcryptCost);
        Assert.Equal(4, new PasswordHasherOptions { BcryptCost = 4, Dev = true }.EffectiveBcryptCost);
        Assert.Equal(13, new PasswordHasherOptions { BcryptCost = 13 }.EffectiveBcryptCost);
    }

    [Fact]
    public void Options_refuse_a_bcrypt_cost_outside_Kratoss_schema_and_an_unknown_algorithm()
    {
        new PasswordHasherOptions { BcryptCost = 4 }.Validate();
        new PasswordHasherOptions().Validate();
        Assert.Throws<ArgumentException>(() => new PasswordHasherOptions { BcryptCost = 3 }.Validate());
        Assert.Throws<ArgumentException>(() => new PasswordHasherOptions { BcryptCost = 32 }.Validate());
        Assert.Throws<ArgumentException>(() => new PasswordHasherOptions { Algorithm = "md5" }.Validate());
        Assert.Throws<ArgumentException>(() => new PasswordHasherOptions { Algorithm = "argon2", Argon2Parallelism = 0 }.Validate());
    }

    private static string FlipCharacter(string text, int index)
    {
        index = Math.Clamp(index, 0, text.Length - 1);
        var chars = text.ToCharArray();
        chars[index] = chars[index] == 'A' ? 'B' : 'A';
        return new string(chars);
    }
}

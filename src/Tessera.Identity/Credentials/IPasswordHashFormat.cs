namespace Tessera.Identity.Credentials;

/// <summary>One stored-hash format Kratos accepts: recognised by its prefix, verified in constant time.</summary>
internal interface IPasswordHashFormat
{
    /// <summary>The name Kratos gives the format in <c>hash/hash_comparator.go</c>.</summary>
    string Name { get; }

    /// <summary>True when <paramref name="hash"/> carries this format's prefix (Kratos's <c>Is…Hash</c>).</summary>
    bool Matches(string hash);

    /// <summary>True when <paramref name="password"/> is the password <paramref name="hash"/> was made from; false for a mismatch or a malformed hash, never throws.</summary>
    bool Verify(string hash, byte[] password);

    /// <summary>Kratos's <c>ValidateImportedHash</c>: the hash decodes and its cost parameters are within bounds.</summary>
    bool IsImportable(string hash) => true;
}

using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Tessera.Identity.Credentials;

/// <summary>
/// The offline stand-in for Kratos's Have I Been Pwned lookup: fingerprints of the 100,000 most common
/// breached passwords (SecLists, MIT; see <c>BreachedPasswords/NOTICE</c>), embedded in the binary and
/// searched in place. A password's fingerprint is the first 36 bits of SHA-1 over its UTF-8 bytes: 12 bits
/// pick one of 4,096 buckets, the other 24 are binary-searched among the bucket's sorted 3-byte entries.
/// A check allocates nothing: the password is encoded and hashed on the stack. A password that is not
/// listed matches by chance with a probability of about count / 2³⁶ (1.5 × 10⁻⁶).
/// The blob is made by <c>build/make-breached-passwords.py</c>.
/// </summary>
internal sealed class BreachedPasswordList
{
    private const string ResourceName = "Credentials/BreachedPasswords/common-passwords.bin";
    private const int HeaderBytes = 16;
    private const int EntryBytes = 3;

    private static readonly Lazy<BreachedPasswordList> Embedded = new(Load);

    private readonly byte[] blob;
    private readonly int bucketBits;
    private readonly int entriesOffset;

    private BreachedPasswordList(byte[] blob)
    {
        if (blob.Length < HeaderBytes || !blob.AsSpan(0, 4).SequenceEqual("TBP1"u8))
        {
            throw new InvalidDataException("The breached password list is not a TBP1 blob.");
        }

        Count = BinaryPrimitives.ReadInt32LittleEndian(blob.AsSpan(4));
        MaxPasswordBytes = BinaryPrimitives.ReadInt32LittleEndian(blob.AsSpan(8));
        bucketBits = BinaryPrimitives.ReadInt32LittleEndian(blob.AsSpan(12));
        entriesOffset = HeaderBytes + (((1 << bucketBits) + 1) * sizeof(uint));
        if (bucketBits is < 1 or > 16 || MaxPasswordBytes is < 1 or > 1024 || blob.Length != entriesOffset + (Count * EntryBytes))
        {
            throw new InvalidDataException("The breached password list's length does not match its header.");
        }

        this.blob = blob;
    }

    /// <summary>The list compiled into the binary.</summary>
    public static BreachedPasswordList Instance => Embedded.Value;

    /// <summary>How many distinct fingerprints the list holds.</summary>
    public int Count { get; }

    /// <summary>The longest listed password in UTF-8 bytes: a longer password is never listed.</summary>
    public int MaxPasswordBytes { get; }

    /// <summary>True when the password (compared exactly, case and all) is on the list.</summary>
    public bool Contains(string password)
    {
        ArgumentNullException.ThrowIfNull(password);
        // Every UTF-16 unit is at least one UTF-8 byte and at most three.
        if (password.Length > MaxPasswordBytes)
        {
            return false;
        }

        Span<byte> utf8 = stackalloc byte[MaxPasswordBytes * 3];
        var length = Encoding.UTF8.GetBytes(password, utf8);
        if (length > MaxPasswordBytes)
        {
            return false;
        }

        Span<byte> digest = stackalloc byte[SHA1.HashSizeInBytes];
        SHA1.HashData(utf8[..length], digest);
        utf8.Clear();

        var prefix = ((ulong)BinaryPrimitives.ReadUInt32BigEndian(digest) << 8) | digest[4];
        var fingerprint = prefix >> (40 - bucketBits - 24);
        var bucket = (int)(fingerprint >> 24);
        var rest = (int)(fingerprint & 0xFFFFFF);
        var low = BinaryPrimitives.ReadInt32LittleEndian(blob.AsSpan(HeaderBytes + (bucket * sizeof(uint))));
        var high = BinaryPrimitives.ReadInt32LittleEndian(blob.AsSpan(HeaderBytes + ((bucket + 1) * sizeof(uint)))) - 1;
        while (low <= high)
        {
            var middle = low + ((high - low) / 2);
            var at = entriesOffset + (middle * EntryBytes);
            var entry = (blob[at] << 16) | (blob[at + 1] << 8) | blob[at + 2];
            if (entry == rest)
            {
                return true;
            }

            if (entry < rest)
            {
                low = middle + 1;
            }
            else
            {
                high = middle - 1;
            }
        }

        return false;
    }

    private static BreachedPasswordList Load()
    {
        using var stream = typeof(BreachedPasswordList).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The resource {ResourceName} is missing.");
        var blob = new byte[stream.Length];
        stream.ReadExactly(blob);
        return new BreachedPasswordList(blob);
    }
}

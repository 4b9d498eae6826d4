using System.Buffers.Binary;
using System.Net.Sockets;

namespace Tessera.Platform.Hosting;

/// <summary>
/// Makes a listening TCP socket ignore new connection requests while it still completes the
/// handshakes already under way: a classic BPF socket filter (Linux <c>SO_ATTACH_FILTER</c>) that
/// drops segments with SYN set and ACK clear. The kernel runs a listener's filter on every segment
/// that reaches it, starting at the TCP header, so the final ACK of a handshake in progress still
/// passes and that connection joins the accept queue. A client whose SYN was dropped sends it again
/// about a second later and is refused then, once the socket has closed.
/// </summary>
internal static class SynFilter
{
    private const int SolSocket = 1;
    private const int SoAttachFilter = 26;
    private const byte Syn = 0x02;
    private const byte Ack = 0x10;

    // struct sock_filter { u16 code; u8 jt; u8 jf; u32 k; }, as one little-endian u64 each.
    private static readonly ulong[] Program =
    [
        Instruction(0x30, 0, 0, 13),          // ldb [13]          A = the TCP flags byte
        Instruction(0x54, 0, 0, Syn | Ack),   // and #(SYN|ACK)
        Instruction(0x15, 0, 1, Syn),         // jeq #SYN, drop, keep
        Instruction(0x06, 0, 0, 0),           // drop: ret #0
        Instruction(0x06, 0, 0, uint.MaxValue), // keep: ret #-1 (the whole segment)
    ];

    /// <summary>Attaches the filter; false where it cannot be (not Linux, not TCP, refused by the kernel).</summary>
    public static bool TryAttach(Socket listener)
    {
        if (!OperatingSystem.IsLinux() || listener.ProtocolType != ProtocolType.Tcp || !BitConverter.IsLittleEndian || IntPtr.Size != 8)
        {
            return false;
        }

        try
        {
            Attach(listener);
            return true;
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            return false;
        }
    }

    private static unsafe void Attach(Socket listener)
    {
        // struct sock_fprog { unsigned short len; struct sock_filter *filter; } on a 64-bit system:
        // the length, padding to 8, then the address of the instructions (the kernel copies them).
        Span<byte> fprog = stackalloc byte[16];
        fprog.Clear();
        BinaryPrimitives.WriteUInt16LittleEndian(fprog, (ushort)Program.Length);
        fixed (ulong* instructions = Program)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(fprog[8..], (ulong)instructions);
            listener.SetRawSocketOption(SolSocket, SoAttachFilter, fprog);
        }
    }

    private static ulong Instruction(ushort code, byte jumpIfTrue, byte jumpIfFalse, uint k)
        => code | ((ulong)jumpIfTrue << 16) | ((ulong)jumpIfFalse << 24) | ((ulong)k << 32);
}

namespace Tessera.Platform.Hosting;

/// <summary>
/// Shared by a listener's pipeline and its runner: the number of open connections, and whether
/// shutdown has begun (then every response carries <c>Connection: close</c>, so each kept-alive
/// connection is answered once more and then closed by the server, never dropped mid-request).
/// </summary>
internal sealed class DrainState
{
    private int connections;

    public bool Draining { get; private set; }

    public int OpenConnections => Volatile.Read(ref connections);

    public void BeginDrain() => Draining = true;

    public void ConnectionOpened() => Interlocked.Increment(ref connections);

    public void ConnectionClosed() => Interlocked.Decrement(ref connections);
}

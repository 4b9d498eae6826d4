namespace Tessera.Platform.Hosting;

/// <summary>
/// Shared by a listener's transport, pipeline and runner: the number of open connections (counted
/// by <see cref="DrainingTransport"/> from accept to socket close), and whether shutdown has begun
/// (then every response carries <c>Connection: close</c>, so each kept-alive connection is answered
/// once more and then closed by the server, never dropped mid-request).
/// </summary>
internal sealed class DrainState
{
    private int connections;
    private volatile bool draining;

    public bool Draining => draining;

    public int OpenConnections => Volatile.Read(ref connections);

    public void BeginDrain() => draining = true;

    public void ConnectionOpened() => Interlocked.Increment(ref connections);

    public void ConnectionClosed() => Interlocked.Decrement(ref connections);
}

namespace Tessera.Proxy.Forwarding;

/// <summary>
/// The activity timeout of one forwarded exchange: its token is cancelled when the client goes away or when
/// nothing was sent or received for <see cref="Limit"/> (each completed send or receive starts the wait again).
/// </summary>
internal sealed class ActivityTimer : IDisposable
{
    private readonly CancellationTokenSource source;

    public ActivityTimer(TimeSpan limit, CancellationToken clientGone)
    {
        Limit = limit;
        source = CancellationTokenSource.CreateLinkedTokenSource(clientGone);
        source.CancelAfter(limit);
    }

    public TimeSpan Limit { get; }

    public CancellationToken Token => source.Token;

    public void Restart() => source.CancelAfter(Limit);

    public void Dispose() => source.Dispose();
}

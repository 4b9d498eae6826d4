namespace Tessera.Platform.Observability;

/// <summary>
/// The block of log event ids one component owns, so that an id names its source in any log:
/// the platform has 1000–3999, each service the thousand its descriptor declares (oauth2 4000,
/// identity 5000, proxy 6000).
/// </summary>
public sealed record EventIdRange(int First, int Last)
{
    public static EventIdRange Platform { get; } = new(1000, 3999);

    public static EventIdRange Thousand(int first) => new(first, first + 999);

    public bool Contains(int id) => id >= First && id <= Last;

    public override string ToString() => $"{First}–{Last}";
}

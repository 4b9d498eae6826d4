namespace Tessera.Proxy.Forwarding;

/// <summary>How a forwarded exchange ended, for what the proxy answers when the upstream's answer has not started.</summary>
internal enum ForwardOutcome
{
    /// <summary>The upstream's answer was passed on whole.</summary>
    Done,

    /// <summary>The client went away; nothing more to answer.</summary>
    ClientGone,

    /// <summary>The upstream could not be reached or broke the exchange (502).</summary>
    Unavailable,

    /// <summary>The upstream was silent past the activity timeout (504).</summary>
    TimedOut,
}

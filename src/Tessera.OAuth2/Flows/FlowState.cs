namespace Tessera.OAuth2.Flows;

/// <summary>
/// Where a login/consent flow stands. Each step moves the row forward with a conditional update, so
/// a challenge or verifier can be used only once even when two requests race.
/// </summary>
internal static class FlowState
{
    /// <summary>The login challenge is out; the login app has not answered yet.</summary>
    public const int LoginUnused = 1;

    /// <summary>The login app accepted or rejected; the login verifier is out.</summary>
    public const int LoginHandled = 2;

    /// <summary>The consent challenge is out.</summary>
    public const int ConsentUnused = 3;

    /// <summary>The consent app accepted or rejected; the consent verifier is out.</summary>
    public const int ConsentHandled = 4;

    /// <summary>The authorization response was sent; a granted row stays as the consent session.</summary>
    public const int ConsentUsed = 5;

    /// <summary>The flow ended with an error sent to the client.</summary>
    public const int Failed = 6;

    /// <summary>A device verification: the device challenge is out, waiting for the user code.</summary>
    public const int DeviceUnused = 7;

    /// <summary>The user code was accepted; the device verifier is out (kept in the login verifier column).</summary>
    public const int DeviceHandled = 8;

    /// <summary>The browser came back with the device verifier and went on to login.</summary>
    public const int DeviceUsed = 9;
}

namespace Tessera.Proxy.Rules;

/// <summary>A compiled <c>match.url</c>, tested against the whole request URL (<see cref="RequestUrl"/>).</summary>
internal interface IUrlPattern
{
    bool IsMatch(string url);

    /// <summary>The capture groups of a match (<c>MatchContext.RegexpCaptureGroups</c>); empty for a glob, as in Oathkeeper.</summary>
    IReadOnlyList<string> Captures(string url);
}

using System.Collections;
using Microsoft.AspNetCore.Http;

namespace Tessera.Proxy.Pipeline;

/// <summary>
/// The request's headers as Go's <c>http.Header</c> holds them (name → values), copied from the request on
/// first use: most rules never read <c>MatchContext.Header</c>, so most requests never pay for the copy.
/// The proxy changes no request header after judging starts, so a late copy sees what an early one would.
/// </summary>
internal sealed class RequestHeaderList(IHeaderDictionary headers) : IReadOnlyList<KeyValuePair<string, string[]>>
{
    private List<KeyValuePair<string, string[]>>? copy;

    private List<KeyValuePair<string, string[]>> Copy
        => copy ??= headers.Select(h => new KeyValuePair<string, string[]>(h.Key, h.Value.Select(v => v ?? "").ToArray())).ToList();

    public int Count => Copy.Count;

    public KeyValuePair<string, string[]> this[int index] => Copy[index];

    public IEnumerator<KeyValuePair<string, string[]>> GetEnumerator() => Copy.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}

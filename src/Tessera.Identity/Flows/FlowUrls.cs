namespace Tessera.Identity.Flows;

/// <summary>URL helpers in the manner of Ory's <c>urlx</c>: paths appended to a base, a query parameter set.</summary>
internal static class FlowUrls
{
    /// <summary><paramref name="baseUrl"/> with <paramref name="path"/> appended to its path (one slash between).</summary>
    public static string AppendPath(string baseUrl, string path)
    {
        var builder = new UriBuilder(baseUrl);
        builder.Path = builder.Path.TrimEnd('/') + "/" + path.TrimStart('/');
        return builder.Uri.AbsoluteUri;
    }

    /// <summary><paramref name="url"/> with the query parameter <paramref name="name"/> set to <paramref name="value"/>.</summary>
    public static string WithQuery(string url, string name, string value)
    {
        var fragment = url.IndexOf('#', StringComparison.Ordinal);
        var head = fragment < 0 ? url : url[..fragment];
        var tail = fragment < 0 ? "" : url[fragment..];
        var query = head.IndexOf('?', StringComparison.Ordinal);
        var path = query < 0 ? head : head[..query];
        var pairs = query < 0 ? [] : head[(query + 1)..].Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Where(p => Uri.UnescapeDataString(p.Split('=')[0]) != name).ToList();
        pairs.Add(Uri.EscapeDataString(name) + "=" + Uri.EscapeDataString(value));
        return path + "?" + string.Join('&', pairs) + tail;
    }
}

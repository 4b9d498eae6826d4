namespace Tessera.OAuth2.Protocol;

/// <summary>A token endpoint request: its form parameters (each at most once) and the client's credentials.</summary>
internal sealed record TokenRequest(IReadOnlyDictionary<string, string> Form, ClientCredentials Credentials)
{
    public string? this[string name] => Form.TryGetValue(name, out var value) && value.Length > 0 ? value : null;

    public string GrantType => this["grant_type"] ?? "";

    /// <summary>The requested scopes, space-separated in the form, without duplicates.</summary>
    public IReadOnlyList<string> Scopes => SplitSpaces(this["scope"]);

    /// <summary>The requested audiences (<c>audience</c>, space-separated).</summary>
    public IReadOnlyList<string> Audience => SplitSpaces(this["audience"]);

    public static IReadOnlyList<string> SplitSpaces(string? value)
        => value is null ? [] : value.Split(' ', StringSplitOptions.RemoveEmptyEntries).Distinct(StringComparer.Ordinal).ToList();
}

namespace Tessera.Proxy.Storage;

/// <summary>One row of <c>proxy_access_rules</c>: the rule's id, its Oathkeeper JSON document, and when it was written.</summary>
internal sealed record StoredRule(string Id, string Document, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

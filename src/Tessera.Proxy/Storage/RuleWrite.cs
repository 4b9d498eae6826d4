namespace Tessera.Proxy.Storage;

/// <summary>What a write to the rule table did.</summary>
internal enum RuleWrite
{
    Created,
    Replaced,
    Deleted,

    /// <summary>A create found the id taken.</summary>
    Conflict,

    /// <summary>A delete found no such rule.</summary>
    NotFound,
}

namespace Tessera.Proxy.Pipeline;

/// <summary>The four kinds of pipeline handler and where each is configured.</summary>
internal enum HandlerKind
{
    Authenticator,
    Authorizer,
    Mutator,
    ErrorHandler,
}

internal static class HandlerKinds
{
    /// <summary>The config section: <c>authenticators</c>, <c>authorizers</c>, <c>mutators</c>, <c>errors.handlers</c>.</summary>
    public static string Section(this HandlerKind kind) => kind switch
    {
        HandlerKind.Authenticator => "authenticators",
        HandlerKind.Authorizer => "authorizers",
        HandlerKind.Mutator => "mutators",
        _ => "errors.handlers",
    };

    /// <summary>The rule field naming it: <c>authenticators</c>, <c>authorizer</c>, <c>mutators</c>, <c>errors</c>.</summary>
    public static string RuleField(this HandlerKind kind) => kind switch
    {
        HandlerKind.Authenticator => "authenticators",
        HandlerKind.Authorizer => "authorizer",
        HandlerKind.Mutator => "mutators",
        _ => "errors",
    };

    /// <summary>Oathkeeper's word in its messages: "authenticator", "authorizer", "mutator", "error handler".</summary>
    public static string Singular(this HandlerKind kind) => kind switch
    {
        HandlerKind.Authenticator => "authenticator",
        HandlerKind.Authorizer => "authorizer",
        HandlerKind.Mutator => "mutator",
        _ => "error handler",
    };
}

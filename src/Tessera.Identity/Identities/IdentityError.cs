namespace Tessera.Identity.Identities;

/// <summary>An identity operation's refusal, as Kratos words it: the status, its message and the reason.</summary>
internal sealed record IdentityError(int Status, string Message, string? Reason = null)
{
    public const string Malformed = "The request was malformed or contained invalid parameters";

    public static IdentityError BadRequest(string reason) => new(400, Malformed, reason);

    public static IdentityError NotFound { get; } = new(404, "Unable to locate the resource");

    public static IdentityError Conflict { get; } = new(409, "The resource could not be created due to a conflict", "This identity conflicts with another identity that already exists.");
}

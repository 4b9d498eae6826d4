using System.Text.Json.Nodes;

namespace Tessera.Identity.Credentials;

/// <summary>
/// Why a password may not be used, as Kratos's <c>text</c> package words it: the message id, its text and
/// its context (Kratos's <c>text.Message</c> of type <c>error</c>; the flows attach it to the password node).
/// </summary>
internal sealed record PasswordPolicyViolation(long Id, string Text, JsonObject? Context)
{
    /// <summary>Kratos's <c>ErrorValidationPasswordPolicyViolationGeneric</c>.</summary>
    public const long GenericId = 4000005;

    /// <summary>Kratos's <c>ErrorValidationPasswordIdentifierTooSimilar</c>.</summary>
    public const long IdentifierTooSimilarId = 4000031;

    /// <summary>Kratos's <c>ErrorValidationPasswordMinLength</c>.</summary>
    public const long MinLengthId = 4000032;

    /// <summary>Kratos's <c>ErrorValidationPasswordMaxLength</c>.</summary>
    public const long MaxLengthId = 4000033;

    /// <summary>Kratos's <c>ErrorValidationPasswordTooManyBreaches</c>.</summary>
    public const long TooManyBreachesId = 4000034;

    /// <summary>The message type, as Kratos's <c>text.Error</c>.</summary>
    public string Type => "error";

    /// <summary>Kratos's <c>NewErrorValidationPasswordPolicyViolationGeneric</c>.</summary>
    public static PasswordPolicyViolation Generic(string reason)
        => new(GenericId, $"The password can not be used because {reason}.", new JsonObject { ["reason"] = reason });

    /// <summary>Kratos's <c>NewErrorValidationPasswordIdentifierTooSimilar</c> (no context).</summary>
    public static PasswordPolicyViolation IdentifierTooSimilar()
        => new(IdentifierTooSimilarId, "The password can not be used because it is too similar to the identifier.", null);

    /// <summary>Kratos's <c>NewErrorValidationPasswordMinLength</c>; lengths are in UTF-8 bytes, as Go's <c>len</c>.</summary>
    public static PasswordPolicyViolation MinLength(int minLength, int actualLength)
        => new(MinLengthId, $"The password must be at least {minLength} characters long, but got {actualLength}.",
            new JsonObject { ["min_length"] = minLength, ["actual_length"] = actualLength });

    /// <summary>Kratos's <c>NewErrorValidationPasswordMaxLength</c> (bcrypt's 72 bytes).</summary>
    public static PasswordPolicyViolation MaxLength(int maxLength, int actualLength)
        => new(MaxLengthId, $"The password must be at most {maxLength} characters long, but got {actualLength}.",
            new JsonObject { ["max_length"] = maxLength, ["actual_length"] = actualLength });

    /// <summary>Kratos's <c>NewErrorValidationPasswordTooManyBreaches</c>.</summary>
    public static PasswordPolicyViolation TooManyBreaches(long breaches)
        => new(TooManyBreachesId, "The password has been found in data breaches and must no longer be used.",
            new JsonObject { ["breaches"] = breaches });
}

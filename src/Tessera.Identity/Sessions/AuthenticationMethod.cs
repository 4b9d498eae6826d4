namespace Tessera.Identity.Sessions;

/// <summary>One entry of Kratos's <c>authentication_methods</c>: the credential type used, the level it reached, when.</summary>
internal sealed record AuthenticationMethod(string Method, string Aal, DateTimeOffset CompletedAt)
{
    public const string Aal1 = "aal1";
    public const string Aal2 = "aal2";

    /// <summary>Kratos's <c>SetAuthenticatorAssuranceLevel</c>: aal2 when a first and a second factor were both completed, else aal1 (aal0 for none).</summary>
    public static string LevelOf(IReadOnlyList<AuthenticationMethod> methods)
    {
        if (methods.Count == 0)
        {
            return "aal0";
        }

        var first = methods.Any(m => m.Aal == Aal1 || (m.Aal == Aal2 && m.Method is "oidc" or "saml"));
        var second = methods.Any(m => m.Aal == Aal2);
        return first && second ? Aal2 : Aal1;
    }
}

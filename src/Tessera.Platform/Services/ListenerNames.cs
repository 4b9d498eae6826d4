namespace Tessera.Platform.Services;

/// <summary>The listener names Ory's products use, each configured under <c>serve.&lt;name&gt;</c>.</summary>
public static class ListenerNames
{
    /// <summary>Hydra's and Kratos's public API.</summary>
    public const string Public = "public";

    /// <summary>Hydra's and Kratos's admin API.</summary>
    public const string Admin = "admin";

    /// <summary>Oathkeeper's reverse proxy.</summary>
    public const string Proxy = "proxy";

    /// <summary>Oathkeeper's API (decisions, rules, health).</summary>
    public const string Api = "api";
}

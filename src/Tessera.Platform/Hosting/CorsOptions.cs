namespace Tessera.Platform.Hosting;

/// <summary>CORS for one listener, with Ory's key names and defaults.</summary>
public sealed record CorsOptions
{
    public static readonly IReadOnlyList<string> DefaultMethods = ["GET", "POST", "PUT", "PATCH", "DELETE"];
    public static readonly IReadOnlyList<string> DefaultHeaders = ["Authorization", "Content-Type"];

    public bool Enabled { get; init; }

    public IReadOnlyList<string> AllowedOrigins { get; init; } = [];

    public IReadOnlyList<string> AllowedMethods { get; init; } = DefaultMethods;

    public IReadOnlyList<string> AllowedHeaders { get; init; } = DefaultHeaders;

    public IReadOnlyList<string> ExposedHeaders { get; init; } = [];

    public bool AllowCredentials { get; init; } = true;

    public int MaxAge { get; init; }

    public bool OptionsPassthrough { get; init; }
}

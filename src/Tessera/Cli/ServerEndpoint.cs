namespace Tessera.Cli;

/// <summary>
/// Finds the URL of the server a command talks to: <c>--endpoint</c>, else the listener's variable
/// (<c>TESSERA_ADMIN_URL</c> or <c>TESSERA_PUBLIC_URL</c> for oauth2), else Ory's <c>ORY_SDK_URL</c>.
/// </summary>
internal static class ServerEndpoint
{
    public const string OryVariable = "ORY_SDK_URL";

    public static Uri Resolve(string? flag, ServerTarget target, Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        var text = !string.IsNullOrWhiteSpace(flag) ? flag
            : environment(target.Variable) is { Length: > 0 } fromEnv ? fromEnv
            : environment(OryVariable) is { Length: > 0 } ory ? ory
            : throw new CliException(
                $"no server given: pass --endpoint (e.g. --endpoint {target.Example}) or set {target.Variable}.", 2);

        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new CliException($"'{text}' is not an http(s) URL.", 2);
        }

        // A base with a path (a proxy prefix) must end in '/' for relative paths to append to it.
        return uri.AbsolutePath.EndsWith('/') ? uri : new Uri(uri + "/");
    }
}

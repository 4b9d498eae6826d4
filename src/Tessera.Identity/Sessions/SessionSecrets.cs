using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Tessera.Platform.Configuration;
using Tessera.Platform.Crypto;

namespace Tessera.Identity.Sessions;

/// <summary>
/// The secrets the session cookie is sealed with, as Kratos chooses them: <c>secrets.cookie</c>, else
/// <c>secrets.default</c>, else (like Kratos, in every mode) a random secret for this process, with a
/// warning, so cookies do not survive a restart. The first secret seals; all open.
/// </summary>
internal static partial class SessionSecrets
{
    public static SecretKeys Read(ConfigSnapshot config, ILogger logger)
    {
        if (config.GetStrings("secrets.cookie") is { Count: > 0 } cookie)
        {
            return new SecretKeys(cookie);
        }

        if (config.GetStrings("secrets.default") is { Count: > 0 } fallback)
        {
            return new SecretKeys(fallback);
        }

        LogGeneratedCookieSecret(logger);
        return new SecretKeys([Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))]);
    }

    [LoggerMessage(5100, LogLevel.Warning, "Neither secrets.cookie nor secrets.default is set; session cookies are sealed with a random secret for this process and will not survive a restart.", EventName = "GeneratedCookieSecret")]
    private static partial void LogGeneratedCookieSecret(ILogger logger);
}

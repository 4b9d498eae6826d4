using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Tessera.Platform.Configuration;
using Tessera.Platform.Crypto;

namespace Tessera.Platform.Services;

/// <summary>
/// A service's secrets from a config key (<c>secrets.system</c> for Hydra, <c>secrets.default</c> for
/// Kratos): required outside dev mode; in dev mode a missing key gets a random secret for the
/// process, with a warning, so keys and tokens do not survive a restart.
/// </summary>
internal static partial class ServiceSecrets
{
    public static SecretKeys Read(ServiceContext context, string key, string purpose, ILogger logger)
    {
        var configured = context.Config.GetStrings(key);
        if (configured.Count > 0)
        {
            return new SecretKeys(configured);
        }

        if (!context.Dev)
        {
            var variable = key.ToUpperInvariant().Replace('.', '_');
            throw new ConfigException($"{key} is not set: set at least one secret of 16 or more characters ({variable}=...), used to {purpose}.");
        }

        LogGeneratedSecret(logger, key);
        return new SecretKeys([Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))]);
    }

    [LoggerMessage(3002, LogLevel.Warning, "{Key} is not set; using a random secret for this process (dev mode). Keys and tokens will not survive a restart.", EventName = "GeneratedSecret")]
    private static partial void LogGeneratedSecret(ILogger logger, string key);
}

using Tessera.Platform.Configuration;
using Tessera.Platform.Persistence;
using Tessera.Platform.Services;

namespace Tessera.Commands;

/// <summary>
/// The database of a service for a one-off command (janitor, clean-ups): the DSN argument, else the
/// DSN environment variable with -e, else the <c>dsn</c> key of the service's config files (-c).
/// </summary>
internal static class ServiceDsn
{
    public static (Dsn? Dsn, string? Error) Resolve(ServiceDescriptor service, string? argument, bool fromEnv, IReadOnlyList<string> configFiles, string tool)
    {
        var text = argument;
        if (string.IsNullOrWhiteSpace(text) && fromEnv)
        {
            text = Environment.GetEnvironmentVariable("DSN");
        }

        if (string.IsNullOrWhiteSpace(text) && configFiles.Count > 0)
        {
            try
            {
                var schema = ConfigSchema.FromJson(service.ReadConfigSchema());
                var config = ConfigLoader.Load(schema, new ConfigSources { Files = configFiles, Environment = ConfigSources.ProcessEnvironment() });
                text = config.GetString("dsn");
            }
            catch (ConfigException e)
            {
                return (null, e.Message);
            }
        }

        if (string.IsNullOrWhiteSpace(text))
        {
            return (null, "no database given. Pass the DSN as an argument, or set the environment variable DSN and pass -e, or pass -c with a config file that sets dsn.");
        }

        try
        {
            var dsn = Dsn.Parse(text);
            return dsn.IsMemory ? (null, $"the memory DSN lives inside one server process; {tool} cannot reach it.") : (dsn, null);
        }
        catch (DsnException e)
        {
            return (null, e.Message);
        }
    }
}

using System.Net;
using System.Text;
using Tessera.Platform.Configuration;
using Tessera.Platform.Services;

namespace Tessera.Platform.Hosting;

/// <summary>Reads <see cref="ListenerOptions"/> from a validated configuration.</summary>
public static class ListenerOptionsReader
{
    public static ListenerOptions Read(ConfigSnapshot config, ListenerDescriptor listener)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(listener);
        var prefix = $"serve.{listener.Name}";
        var host = config.GetString($"{prefix}.host") ?? "";
        string? socket = null;
        if (host.StartsWith("unix:", StringComparison.Ordinal))
        {
            socket = host["unix:".Length..];
            if (socket.Length == 0)
            {
                throw new HostingException($"{prefix}.host: 'unix:' must be followed by the socket's path.");
            }
        }

        return new ListenerOptions
        {
            Name = listener.Name,
            IsAdmin = listener.IsAdmin,
            Enabled = !listener.OptIn || IsConfigured(config, prefix),
            Http2Only = listener.Http2Only,
            Host = socket is null ? host : "",
            Port = config.GetInt($"{prefix}.port") ?? listener.DefaultPort,
            UnixSocketPath = socket,
            SocketMode = config.GetInt($"{prefix}.socket.mode") ?? 493,
            SocketOwner = config.GetString($"{prefix}.socket.owner") ?? "",
            SocketGroup = config.GetString($"{prefix}.socket.group") ?? "",
            Tls = ReadTls(config, $"{prefix}.tls") ?? ReadTls(config, "serve.tls"),
            AllowTerminationFrom = ReadNetworks(config, $"{prefix}.tls.allow_termination_from") ?? ReadNetworks(config, "serve.tls.allow_termination_from") ?? [],
            Cors = ReadCors(config, listener.Name),
            DisableHealthRequestLog = config.GetBool($"{prefix}.request_log.disable_for_health") ?? false,
        };
    }

    /// <summary>An opt-in listener is on when <c>enabled</c> says so or, with it unset, when its port or host was given.</summary>
    private static bool IsConfigured(ConfigSnapshot config, string prefix)
        => config.GetBool($"{prefix}.enabled") ?? (IsGiven(config, $"{prefix}.port") || IsGiven(config, $"{prefix}.host"));

    private static bool IsGiven(ConfigSnapshot config, string key)
        => config.Get(key) is not null && config.Source(key) != ConfigOrigins.Default;

    private static TlsCertificateSource? ReadTls(ConfigSnapshot config, string prefix)
    {
        var cert = ReadPem(config, $"{prefix}.cert");
        var key = ReadPem(config, $"{prefix}.key");
        return (cert, key) switch
        {
            (null, null) => null,
            (not null, not null) => new TlsCertificateSource(cert, key),
            _ => throw new HostingException($"{prefix}: both cert and key must be set for TLS."),
        };
    }

    private static string? ReadPem(ConfigSnapshot config, string prefix)
    {
        if (config.GetString($"{prefix}.path") is { } path)
        {
            try
            {
                return File.ReadAllText(path);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new HostingException($"{prefix}.path: cannot read {path}: {e.Message}", e);
            }
        }

        if (config.GetString($"{prefix}.base64") is { } base64)
        {
            try
            {
                return Encoding.UTF8.GetString(Convert.FromBase64String(base64));
            }
            catch (FormatException e)
            {
                throw new HostingException($"{prefix}.base64: not valid base64.", e);
            }
        }

        return null;
    }

    private static List<IPNetwork>? ReadNetworks(ConfigSnapshot config, string key)
    {
        var values = config.GetStrings(key);
        if (config.Get(key) is null)
        {
            return null;
        }

        var networks = new List<IPNetwork>();
        foreach (var value in values)
        {
            if (!IPNetwork.TryParse(value, out var network))
            {
                throw new HostingException($"{key}: '{value}' is not a CIDR range such as 10.0.0.0/8 or ::1/128.");
            }

            networks.Add(network);
        }

        return networks;
    }

    /// <summary>The CORS settings of a listener; read again on every config reload.</summary>
    public static CorsOptions ReadCors(ConfigSnapshot config, string listener)
    {
        ArgumentNullException.ThrowIfNull(config);
        var prefix = $"serve.{listener}.cors";
        var defaults = new CorsOptions();
        return new CorsOptions
        {
            Enabled = config.GetBool($"{prefix}.enabled") ?? false,
            AllowedOrigins = config.GetStrings($"{prefix}.allowed_origins"),
            AllowedMethods = config.Get($"{prefix}.allowed_methods") is null ? defaults.AllowedMethods : config.GetStrings($"{prefix}.allowed_methods"),
            AllowedHeaders = config.Get($"{prefix}.allowed_headers") is null ? defaults.AllowedHeaders : config.GetStrings($"{prefix}.allowed_headers"),
            ExposedHeaders = config.GetStrings($"{prefix}.exposed_headers"),
            AllowCredentials = config.GetBool($"{prefix}.allow_credentials") ?? true,
            MaxAge = config.GetInt($"{prefix}.max_age") ?? 0,
            OptionsPassthrough = config.GetBool($"{prefix}.options_passthrough") ?? false,
        };
    }
}

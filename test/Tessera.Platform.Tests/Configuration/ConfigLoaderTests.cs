using Tessera.Platform.Configuration;
using Tessera.Testing;

namespace Tessera.Platform.Tests.Configuration;

public sealed class ConfigLoaderTests : IDisposable
{
    private const string Schema = """
        {
          "type": "object",
          "additionalProperties": false,
          "properties": {
            "dsn": { "type": "string" },
            "serve": {
              "type": "object",
              "additionalProperties": false,
              "properties": {
                "public": { "x-tessera-include": "listener", "properties": { "port": { "default": 4444 } } },
                "admin": { "x-tessera-include": "listener", "properties": { "port": { "default": 4445 } } }
              }
            },
            "log": { "x-tessera-include": "log" },
            "secrets": {
              "type": "object",
              "properties": { "system": { "type": "array", "items": { "type": "string", "minLength": 16 }, "writeOnly": true } }
            },
            "ttl": {
              "type": "object",
              "x-tessera-reloadable": true,
              "properties": { "access_token": { "x-tessera-include": "duration", "default": "1h" } }
            },
            "oauth2": {
              "type": "object",
              "properties": {
                "pkce": { "type": "object", "properties": { "enforced_for_public_clients": { "type": "boolean", "default": false } } }
              }
            }
          }
        }
        """;

    private readonly TempFolder folder = new();
    private readonly ConfigSchema schema = ConfigSchema.FromJson(Schema);

    public void Dispose() => folder.Dispose();

    private string File(string name, string content)
    {
        var path = folder.File(name);
        System.IO.File.WriteAllText(path, content);
        return path;
    }

    [Fact]
    public void Defaults_apply_when_nothing_is_set()
    {
        var config = ConfigLoader.Load(schema, new ConfigSources());
        Assert.Equal(4444, config.GetInt("serve.public.port"));
        Assert.Equal(4445, config.GetInt("serve.admin.port"));
        Assert.Equal("info", config.GetString("log.level"));
        Assert.Equal(TimeSpan.FromHours(1), config.GetDuration("ttl.access_token"));
        Assert.Equal("default", config.Source("serve.public.port"));
    }

    [Fact]
    public void Precedence_is_default_then_files_in_order_then_env_then_flags()
    {
        var first = File("a.yaml", "serve:\n  public:\n    port: 1000\n  admin:\n    port: 2000\nlog:\n  level: debug\n");
        var second = File("b.json", """{ "serve": { "public": { "port": 1001 } } }""");
        var config = ConfigLoader.Load(schema, new ConfigSources
        {
            Files = [first, second],
            Environment = new Dictionary<string, string> { ["SERVE_ADMIN_PORT"] = "3000", ["LOG_LEVEL"] = "warn" },
            Overrides = new Dictionary<string, string> { ["log.level"] = "error" },
        });

        Assert.Equal(1001, config.GetInt("serve.public.port"));
        Assert.Equal($"file {second}", config.Source("serve.public.port"));
        Assert.Equal(3000, config.GetInt("serve.admin.port"));
        Assert.Equal("env SERVE_ADMIN_PORT", config.Source("serve.admin.port"));
        Assert.Equal("error", config.GetString("log.level"));
        Assert.Equal("flag", config.Source("log.level"));
    }

    [Fact]
    public void A_default_under_an_object_a_file_set_is_the_defaults_not_the_files()
    {
        var file = File("serve.yaml", "serve:\n  public:\n    port: 1000\noauth2:\n  pkce:\n    enforced_for_public_clients: true\n");
        var config = ConfigLoader.Load(schema, new ConfigSources { Files = [file] });

        Assert.Equal($"file {file}", config.Source("serve.public.port"));
        Assert.Equal(4445, config.GetInt("serve.admin.port"));
        Assert.Equal("default", config.Source("serve.admin.port"));
        Assert.Equal($"file {file}", config.Source("oauth2.pkce.enforced_for_public_clients"));
        Assert.Equal("default", config.Source("log.level"));
    }

    [Fact]
    public void Env_names_with_underscored_keys_resolve_through_the_schema()
    {
        var config = ConfigLoader.Load(schema, new ConfigSources
        {
            Environment = new Dictionary<string, string>
            {
                ["LOG_LEAK_SENSITIVE_VALUES"] = "true",
                ["OAUTH2_PKCE_ENFORCED_FOR_PUBLIC_CLIENTS"] = "1",
                ["SERVE_PUBLIC_CORS_ALLOWED_ORIGINS"] = "https://a.example, https://*.b.example",
                ["SERVE_ADMIN_CORS_ALLOWED_ORIGINS"] = """["https://c.example"]""",
                ["PATH"] = "/usr/bin",
                ["HOME"] = "/root",
            },
        });

        Assert.True(config.GetBool("log.leak_sensitive_values"));
        Assert.True(config.GetBool("oauth2.pkce.enforced_for_public_clients"));
        Assert.Equal(["https://a.example", "https://*.b.example"], config.GetStrings("serve.public.cors.allowed_origins"));
        Assert.Equal(["https://c.example"], config.GetStrings("serve.admin.cors.allowed_origins"));
    }

    [Fact]
    public void Prefix_and_section_select_one_service_in_a_shared_process()
    {
        var file = File("all.yaml", "oauth2:\n  serve:\n    public:\n      port: 5000\nidentity:\n  serve:\n    public:\n      port: 6000\n");
        var config = ConfigLoader.Load(schema, new ConfigSources
        {
            Files = [file],
            FileSection = "oauth2",
            EnvPrefix = "OAUTH2_",
            Environment = new Dictionary<string, string> { ["OAUTH2_SERVE_ADMIN_PORT"] = "5001", ["SERVE_ADMIN_PORT"] = "9999" },
        });

        Assert.Equal(5000, config.GetInt("serve.public.port"));
        Assert.Equal(5001, config.GetInt("serve.admin.port"));
    }

    [Fact]
    public void Yaml_scalars_are_typed_and_quoted_ones_stay_strings()
    {
        var file = File("c.yaml", "dsn: \"1234\"\nserve:\n  public:\n    port: 0x1F90\n");
        var config = ConfigLoader.Load(schema, new ConfigSources { Files = [file] });
        Assert.Equal("1234", config.GetString("dsn"));
        Assert.Equal(8080, config.GetInt("serve.public.port"));
    }

    [Fact]
    public void Every_error_names_key_value_rule_and_source_and_secrets_are_redacted()
    {
        var file = File("bad.yaml", "serve:\n  public:\n    port: 70000\n    bogus: true\nlog:\n  level: loud\nsecrets:\n  system: [\"tooshort-secret\"]\n");
        var e = Assert.Throws<ConfigValidationException>(() => ConfigLoader.Load(schema, new ConfigSources
        {
            Files = [file],
            Environment = new Dictionary<string, string> { ["SERVE_ADMIN_PORT"] = "many" },
        }));

        Assert.Contains(e.Errors, x => x.KeyPath == "serve.public.port" && x.RenderedValue == "70000" && x.Rule == "must be <= 65535" && x.Source == $"file {file}");
        Assert.Contains(e.Errors, x => x.KeyPath == "serve.public.bogus" && x.Rule.Contains("not allowed", StringComparison.Ordinal));
        Assert.Contains(e.Errors, x => x.KeyPath == "log.level" && x.RenderedValue == "\"loud\"" && x.Rule.StartsWith("must be one of", StringComparison.Ordinal));
        Assert.Contains(e.Errors, x => x.KeyPath == "serve.admin.port" && x.Source == "env SERVE_ADMIN_PORT" && x.Rule == "cannot be read as integer");
        var secret = Assert.Single(e.Errors, x => x.KeyPath.StartsWith("secrets.system", StringComparison.Ordinal));
        Assert.Equal(ConfigRedaction.Redacted, secret.RenderedValue);
        Assert.DoesNotContain("tooshort-secret", e.Message);
        Assert.Contains("serve.public.port", e.Message);
    }

    [Fact]
    public void Unreadable_files_are_named()
    {
        var missing = Assert.Throws<ConfigException>(() => ConfigLoader.Load(schema, new ConfigSources { Files = [folder.File("nope.yaml")] }));
        Assert.Contains("nope.yaml", missing.Message);
        var broken = File("broken.yaml", "serve:\n  public: [\n");
        var bad = Assert.Throws<ConfigException>(() => ConfigLoader.Load(schema, new ConfigSources { Files = [broken] }));
        Assert.Contains("broken.yaml", bad.Message);
        Assert.Contains("line", bad.Message);
    }

    [Fact]
    public void The_real_oauth2_schema_loads_a_hydra_style_config()
    {
        var hydra = ConfigSchema.FromEmbeddedResource(typeof(Tessera.OAuth2.OAuth2Service).Assembly, "config.schema.json");
        var file = File("hydra.yml", """
            serve:
              public:
                port: 4444
                cors:
                  enabled: true
                  allowed_origins: ["https://app.example.com"]
              admin:
                host: 127.0.0.1
            dsn: memory
            secrets:
              system: ["youReallyNeedToChangeThis"]
            urls:
              self:
                issuer: https://auth.example.com/
              login: https://login.example.com/login
            ttl:
              access_token: 1h
            log:
              level: debug
            """);
        var config = ConfigLoader.Load(hydra, new ConfigSources
        {
            Files = [file],
            Environment = new Dictionary<string, string> { ["SERVE_PUBLIC_PORT"] = "5444", ["URLS_SELF_ISSUER"] = "https://other.example.com/", ["OAUTH2_PKCE_ENFORCED_FOR_PUBLIC_CLIENTS"] = "true" },
        });

        Assert.Equal(5444, config.GetInt("serve.public.port"));
        Assert.Equal(4445, config.GetInt("serve.admin.port"));
        Assert.Equal("https://other.example.com/", config.GetString("urls.self.issuer"));
        Assert.True(config.GetBool("oauth2.pkce.enforced_for_public_clients"));
        Assert.Equal("opaque", config.GetString("strategies.access_token"));
        Assert.True(hydra.IsSecret("secrets.system"));
        Assert.True(hydra.IsSecret("dsn"));
        Assert.True(hydra.IsReloadable("ttl.access_token"));
        Assert.False(hydra.IsReloadable("serve.public.port"));
    }
}

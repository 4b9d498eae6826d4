using Microsoft.Extensions.Logging;
using Tessera.Platform.Configuration;
using Tessera.Testing;

namespace Tessera.Platform.Tests.Configuration;

public sealed class ConfigWatcherTests : IDisposable
{
    private const string Schema = """
        {
          "type": "object",
          "additionalProperties": false,
          "properties": {
            "log": { "x-tessera-include": "log" },
            "serve": { "type": "object", "properties": { "public": { "x-tessera-include": "listener", "properties": { "port": { "default": 4444 } } } } }
          }
        }
        """;

    private readonly TempFolder folder = new();
    private readonly ConfigSchema schema = ConfigSchema.FromJson(Schema);
    private readonly RecordingLogger logger = new();

    public void Dispose() => folder.Dispose();

    private (ConfigWatcher Watcher, string File) Start(string yaml)
    {
        var file = folder.File("config.yaml");
        File.WriteAllText(file, yaml);
        var sources = new ConfigSources { Files = [file] };
        return (new ConfigWatcher(schema, sources, ConfigLoader.Load(schema, sources), logger, TimeSpan.FromMilliseconds(50)), file);
    }

    [Fact]
    public async Task A_reloadable_change_in_the_file_is_published()
    {
        var (watcher, file) = Start("log:\n  level: info\n");
        using var _ = watcher;
        var changed = new TaskCompletionSource<(ConfigSnapshot, ConfigSnapshot)>();
        watcher.Changed += (before, after) => changed.TrySetResult((before, after));

        File.WriteAllText(file, "log:\n  level: debug\n");
        var (previous, current) = await changed.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal("info", previous.GetString("log.level"));
        Assert.Equal("debug", current.GetString("log.level"));
        Assert.Equal("debug", watcher.Current.GetString("log.level"));
    }

    [Fact]
    public void An_invalid_edit_keeps_the_last_good_config_and_is_logged()
    {
        var (watcher, file) = Start("log:\n  level: info\n");
        using var _ = watcher;
        File.WriteAllText(file, "log:\n  level: shouting\n");
        Assert.False(watcher.Reload());
        Assert.Equal("info", watcher.Current.GetString("log.level"));
        Assert.Contains(logger.Lines, l => l.Contains("log.level", StringComparison.Ordinal) && l.Contains("last good", StringComparison.Ordinal));
    }

    [Fact]
    public void A_non_reloadable_change_is_refused_with_a_restart_warning_while_reloadable_ones_apply()
    {
        var (watcher, file) = Start("log:\n  level: info\nserve:\n  public:\n    port: 4444\n");
        using var _ = watcher;
        File.WriteAllText(file, "log:\n  level: warn\nserve:\n  public:\n    port: 5555\n");
        Assert.True(watcher.Reload());
        Assert.Equal("warn", watcher.Current.GetString("log.level"));
        Assert.Equal(4444, watcher.Current.GetInt("serve.public.port"));
        Assert.Contains(logger.Lines, l => l.Contains("serve.public.port", StringComparison.Ordinal) && l.Contains("restart", StringComparison.Ordinal));
    }

    private sealed class RecordingLogger : ILogger
    {
        public List<string> Lines { get; } = [];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (Lines)
            {
                Lines.Add(formatter(state, exception));
            }
        }
    }
}

using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;

namespace Tessera.Platform.Configuration;

/// <summary>
/// Hot reload: watches the config files, re-reads and re-validates them on change, and publishes the
/// new snapshot. An invalid edit is logged and the last good configuration stays in force. Keys the
/// schema does not mark <c>x-tessera-reloadable</c> keep their old value, with a warning that the
/// change needs a restart.
/// </summary>
public sealed partial class ConfigWatcher : IDisposable
{
    private readonly ConfigSchema schema;
    private readonly ConfigSources sources;
    private readonly ILogger logger;
    private readonly TimeSpan debounce;
    private readonly List<FileSystemWatcher> watchers = [];
    private readonly Lock gate = new();
    private Timer? pending;

    public ConfigWatcher(ConfigSchema schema, ConfigSources sources, ConfigSnapshot initial, ILogger logger, TimeSpan? debounce = null)
    {
        ArgumentNullException.ThrowIfNull(sources);
        this.schema = schema;
        this.sources = sources;
        this.logger = logger;
        this.debounce = debounce ?? TimeSpan.FromMilliseconds(250);
        Current = initial;
        foreach (var folder in sources.Files.Select(f => Path.GetDirectoryName(Path.GetFullPath(f))!).Distinct(StringComparer.Ordinal))
        {
            // Watching the folder, not the file, also sees editors that save by writing a new file and renaming it.
            var watcher = new FileSystemWatcher(folder) { NotifyFilter = NotifyFilters.LastWrite | NotifyFilters.FileName | NotifyFilters.Size | NotifyFilters.CreationTime };
            watcher.Changed += OnFileEvent;
            watcher.Created += OnFileEvent;
            watcher.Renamed += OnFileEvent;
            watcher.EnableRaisingEvents = true;
            watchers.Add(watcher);
        }
    }

    public ConfigSnapshot Current { get; private set; }

    /// <summary>Raised after a reload changed at least one value: (previous, current).</summary>
    public event Action<ConfigSnapshot, ConfigSnapshot>? Changed;

    /// <summary>Re-reads the files now. Returns true when a new snapshot was published.</summary>
    public bool Reload()
    {
        lock (gate)
        {
            ConfigSnapshot candidate;
            try
            {
                candidate = ConfigLoader.Load(schema, sources);
            }
            catch (ConfigException e)
            {
                LogInvalidReload(logger, e.Message);
                return false;
            }

            var previous = Current;
            var changed = ChangedKeys(previous.Root, candidate.Root);
            var applied = new List<string>();
            foreach (var key in changed)
            {
                if (schema.IsReloadable(key))
                {
                    applied.Add(key);
                    continue;
                }

                LogRestartNeeded(logger, key);
                Restore(candidate.Root, key, previous.Get(key));
            }

            if (applied.Count == 0)
            {
                return false;
            }

            Current = candidate;
            LogReloaded(logger, string.Join(", ", applied));
            Changed?.Invoke(previous, candidate);
            return true;
        }
    }

    public void Dispose()
    {
        foreach (var watcher in watchers)
        {
            watcher.Dispose();
        }

        pending?.Dispose();
    }

    private void OnFileEvent(object sender, FileSystemEventArgs e)
    {
        var full = Path.GetFullPath(e.FullPath);
        if (!sources.Files.Any(f => Path.GetFullPath(f) == full))
        {
            return;
        }

        lock (gate)
        {
            pending?.Dispose();
            pending = new Timer(_ => Reload(), null, debounce, Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>The dotted paths of the leaves (scalars and arrays) that differ between two trees.</summary>
    internal static List<string> ChangedKeys(JsonObject before, JsonObject after)
    {
        var left = new Dictionary<string, string>(StringComparer.Ordinal);
        var right = new Dictionary<string, string>(StringComparer.Ordinal);
        Flatten(before, "", left);
        Flatten(after, "", right);
        return left.Keys.Union(right.Keys)
            .Where(k => !left.TryGetValue(k, out var a) || !right.TryGetValue(k, out var b) || a != b)
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    private static void Flatten(JsonNode? node, string path, Dictionary<string, string> leaves)
    {
        if (node is JsonObject obj)
        {
            foreach (var (key, child) in obj)
            {
                Flatten(child, path.Length == 0 ? key : path + "." + key, leaves);
            }

            return;
        }

        leaves[path] = node?.ToJsonString() ?? "null";
    }

    private static void Restore(JsonObject root, string keyPath, JsonNode? value)
    {
        if (value is null)
        {
            ConfigTree.Remove(root, keyPath);
        }
        else
        {
            ConfigTree.Set(root, keyPath, value.DeepClone());
        }
    }

    [LoggerMessage(1000, LogLevel.Error, "The edited configuration is invalid; the last good configuration stays in force. {Errors}", EventName = "InvalidReload")]
    private static partial void LogInvalidReload(ILogger logger, string errors);

    [LoggerMessage(1001, LogLevel.Warning, "Config key {Key} changed but cannot change while running; restart to apply it", EventName = "RestartNeeded")]
    private static partial void LogRestartNeeded(ILogger logger, string key);

    [LoggerMessage(1002, LogLevel.Information, "Configuration reloaded: {Keys}", EventName = "Reloaded")]
    private static partial void LogReloaded(ILogger logger, string keys);
}

using Microsoft.Extensions.Logging;

namespace Tessera.Proxy.Rules.Repositories;

/// <summary>
/// <c>file://</c> (or a plain path): read at start and again whenever the file changes, without a
/// restart. The folder is watched, not the file, so editors that save by writing a new file and
/// renaming it are seen too; events are debounced. A file that disappears or stops parsing keeps
/// its last good rules.
/// </summary>
internal sealed class FileRuleSource : RuleSource
{
    private readonly string path;
    private readonly TimeSpan debounce;
    private readonly Lock gate = new();
    private FileSystemWatcher? watcher;
    private Timer? pending;
    private string? lastText;

    public FileRuleSource(string name, string path, MatchingStrategy strategy, ILogger logger, TimeSpan? debounce = null)
        : base(name, strategy, logger)
    {
        this.path = Path.GetFullPath(path);
        this.debounce = debounce ?? TimeSpan.FromMilliseconds(100);
    }

    public override async Task LoadAsync(CancellationToken ct)
    {
        string text;
        try
        {
            text = await File.ReadAllTextAsync(path, ct);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Fail($"cannot read {path}: {e.Message}");
            return;
        }

        lock (gate)
        {
            if (text == lastText && Problem is null)
            {
                return;
            }

            lastText = text;
        }

        Accept(text);
    }

    public override void Start()
    {
        var folder = Path.GetDirectoryName(path)!;
        if (!Directory.Exists(folder))
        {
            return;
        }

        watcher = new FileSystemWatcher(folder, Path.GetFileName(path))
        {
            NotifyFilter = NotifyFilters.LastWrite | NotifyFilters.FileName | NotifyFilters.Size | NotifyFilters.CreationTime,
        };
        watcher.Changed += OnFileEvent;
        watcher.Created += OnFileEvent;
        watcher.Renamed += OnFileEvent;
        watcher.Deleted += OnFileEvent;
        watcher.EnableRaisingEvents = true;
    }

    public override void Dispose()
    {
        watcher?.Dispose();
        lock (gate)
        {
            pending?.Dispose();
        }
    }

    private void OnFileEvent(object sender, FileSystemEventArgs e)
    {
        lock (gate)
        {
            pending?.Dispose();
            pending = new Timer(_ => _ = LoadAsync(CancellationToken.None), null, debounce, Timeout.InfiniteTimeSpan);
        }
    }
}

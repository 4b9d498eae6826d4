using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Tessera.Platform.Persistence;
using Tessera.Proxy.Storage;

namespace Tessera.Proxy.Rules.Repositories;

/// <summary>
/// <c>postgres://</c>, <c>mysql://</c>, <c>cockroach://</c>, <c>sqlite://</c>: the rows of
/// <c>proxy_access_rules</c>, read at start and again every <c>access_rules.refresh_interval</c>
/// (and at once after this instance's admin API wrote one). The table is taken whole or not at all,
/// like a file; a database that cannot be read, a missing table or a bad row keeps the last good
/// rules. The server never creates the table: <c>tessera migrate sql --service proxy</c> does.
/// </summary>
internal sealed class SqlRuleSource : RuleSource
{
    private readonly TimeSpan refresh;
    private readonly TimeProvider time;
    private readonly SemaphoreSlim reading = new(1, 1);
    private readonly CancellationTokenSource stopping = new();
    private byte[]? lastFingerprint;
    private bool migrated;

    public SqlRuleSource(string name, Database database, TimeSpan refresh, TimeProvider time, MatchingStrategy strategy, ILogger logger)
        : base(name, strategy, logger)
    {
        Store = new RuleStore(database);
        this.refresh = refresh;
        this.time = time;
    }

    public RuleStore Store { get; }

    private string MigrateHint => $"run `tessera migrate sql --service proxy {Store.Database.Dsn.Redacted}` once (the server never creates tables)";

    /// <summary>Reads the table now. Reads never overlap, so an older read cannot overwrite a newer one.</summary>
    public override async Task LoadAsync(CancellationToken ct)
    {
        await reading.WaitAsync(ct);
        try
        {
            await ReadAsync(ct);
        }
        finally
        {
            reading.Release();
        }
    }

    public override void Start()
    {
        if (refresh > TimeSpan.Zero)
        {
            _ = RefreshLoop.RunAsync(refresh, time, LoadAsync, stopping.Token);
        }
    }

    public override void Dispose()
    {
        stopping.Cancel();
        stopping.Dispose();
        // Closing the pool needs no answer from the server; nobody waits for it.
        _ = Store.Database.DisposeAsync().AsTask();
    }

    private async Task ReadAsync(CancellationToken ct)
    {
        List<StoredRule> rows;
        try
        {
            if (!migrated)
            {
                if (!await Store.IsMigratedAsync(ct))
                {
                    Fail($"the table {RuleStore.Table} is missing or not migrated to this version: {MigrateHint}");
                    return;
                }

                migrated = true;
            }

            rows = await Store.AllAsync(ct);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            // Whatever the driver throws (refused, timed out, no such table), the last rules stay and
            // the refresh loop goes on.
            var message = FirstLine(e.Message);
            Fail(message.Contains(RuleStore.Table, StringComparison.OrdinalIgnoreCase)
                ? $"cannot read the rules from the database: {message} (if the table is missing, {MigrateHint})"
                : $"cannot read the rules from the database: {message}");
            return;
        }

        var fingerprint = Fingerprint(rows);
        if (Problem is null && lastFingerprint is not null && fingerprint.AsSpan().SequenceEqual(lastFingerprint))
        {
            return;
        }

        lastFingerprint = fingerprint;
        var (document, problems) = Document(rows);
        if (problems.Count > 0)
        {
            Fail(string.Join("; ", problems));
            return;
        }

        Accept(document);
    }

    /// <summary>The rows as one rule document; a row whose JSON is not a rule object, or whose id is not its row's, is a problem.</summary>
    private static (string Document, List<string> Problems) Document(List<StoredRule> rows)
    {
        var array = new JsonArray();
        var problems = new List<string>();
        foreach (var row in rows)
        {
            JsonNode? node;
            try
            {
                node = JsonNode.Parse(row.Document);
            }
            catch (JsonException e)
            {
                problems.Add($"row \"{row.Id}\": the document is not JSON: {e.Message}");
                continue;
            }

            if (node is not JsonObject rule)
            {
                problems.Add($"row \"{row.Id}\": the document must be a JSON object (one rule)");
                continue;
            }

            if (rule["id"] is null)
            {
                rule["id"] = row.Id;
            }
            else if (rule["id"] is not JsonValue value || !value.TryGetValue<string>(out var id) || id != row.Id)
            {
                problems.Add($"row \"{row.Id}\": the document's id is not the row's id");
                continue;
            }

            array.Add((JsonNode)rule);
        }

        return (array.ToJsonString(), problems);
    }

    private static byte[] Fingerprint(List<StoredRule> rows)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var row in rows)
        {
            hash.AppendData(Encoding.UTF8.GetBytes(row.Id));
            hash.AppendData([0]);
            hash.AppendData(Encoding.UTF8.GetBytes(row.Document));
            hash.AppendData([0]);
        }

        return hash.GetHashAndReset();
    }

    private static string FirstLine(string text)
    {
        var newline = text.IndexOf('\n', StringComparison.Ordinal);
        return (newline < 0 ? text : text[..newline]).Trim();
    }
}

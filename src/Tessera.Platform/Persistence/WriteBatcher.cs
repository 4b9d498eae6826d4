using System.Data.Common;

namespace Tessera.Platform.Persistence;

/// <summary>
/// Group commit for SQLite: queued writes run back to back in one transaction on the writer thread,
/// a thread of its own that takes whatever has queued while the previous transaction committed.
/// SQLite's calls are synchronous, and on a thread-pool thread the next batch would wait behind the
/// responses the last one released; on its own thread it starts as soon as the commit is done.
/// Callers await their own completion; a write that fails in a shared batch is retried alone, so one
/// bad write fails alone.
/// </summary>
internal sealed class WriteBatcher : IDisposable
{
    private const int MaxBatch = 256;
    private readonly Database database;
    private readonly Lock gate = new();
    private readonly SemaphoreSlim wake = new(0);
    private List<Item> pending = [];
    private Thread? writer;
    private bool stopping;

    public WriteBatcher(Database database) => this.database = database;

    public Task EnqueueAsync(Func<DbConnection, DbTransaction, CancellationToken, Task> work)
    {
        var item = new Item(work, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        bool first;
        lock (gate)
        {
            ObjectDisposedException.ThrowIf(stopping, this);
            pending.Add(item);
            first = pending.Count == 1;
            if (writer is null)
            {
                writer = new Thread(Run) { IsBackground = true, Name = "Tessera SQLite writer" };
                writer.Start();
            }
        }

        if (first)
        {
            wake.Release();
        }

        return item.Done.Task;
    }

    /// <summary>Commits what is queued, then stops the writer thread.</summary>
    public void Dispose()
    {
        Thread? thread;
        lock (gate)
        {
            stopping = true;
            thread = writer;
        }

        wake.Release();
        thread?.Join(TimeSpan.FromSeconds(30));
    }

    private void Run()
    {
        while (true)
        {
            wake.Wait();
            // Let the thread pool run first: requests already being answered add their writes to
            // this batch instead of waiting for the next commit.
            Thread.Yield();
            while (TakeBatch() is { } batch)
            {
                Commit(batch);
                Thread.Yield();
            }

            lock (gate)
            {
                if (stopping && pending.Count == 0)
                {
                    return;
                }
            }
        }
    }

    private List<Item>? TakeBatch()
    {
        lock (gate)
        {
            if (pending.Count == 0)
            {
                return null;
            }

            var batch = pending.Count <= MaxBatch ? pending : pending[..MaxBatch];
            pending = pending.Count <= MaxBatch ? [] : pending[MaxBatch..];
            return batch;
        }
    }

    private void Commit(List<Item> batch)
    {
        try
        {
            database.InTransactionAsync(
                async (connection, transaction, ct) =>
                {
                    foreach (var item in batch)
                    {
                        await item.Work(connection, transaction, ct).ConfigureAwait(false);
                    }
                },
                CancellationToken.None).GetAwaiter().GetResult();
            foreach (var item in batch)
            {
                item.Done.TrySetResult();
            }
        }
        catch (Exception) when (batch.Count > 1)
        {
            foreach (var item in batch)
            {
                CommitAlone(item);
            }
        }
        catch (Exception e)
        {
            batch[0].Done.TrySetException(e);
        }
    }

    private void CommitAlone(Item item)
    {
        try
        {
            database.InTransactionAsync(item.Work, CancellationToken.None).GetAwaiter().GetResult();
            item.Done.TrySetResult();
        }
        catch (Exception e)
        {
            item.Done.TrySetException(e);
        }
    }

    private sealed record Item(Func<DbConnection, DbTransaction, CancellationToken, Task> Work, TaskCompletionSource Done);
}

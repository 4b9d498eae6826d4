using System.Data.Common;

namespace Tessera.Platform.Persistence;

/// <summary>
/// Group commit for SQLite: queued writes run back to back in one transaction, started by whichever
/// caller finds the queue idle. Callers await their own completion.
/// </summary>
internal sealed class WriteBatcher(Database database)
{
    private const int MaxBatch = 256;
    private readonly Lock gate = new();
    private List<Item> pending = [];
    private bool draining;

    public Task EnqueueAsync(Func<DbConnection, DbTransaction, CancellationToken, Task> work)
    {
        var item = new Item(work, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        bool start;
        lock (gate)
        {
            pending.Add(item);
            start = !draining;
            draining = true;
        }

        if (start)
        {
            _ = DrainAsync();
        }

        return item.Done.Task;
    }

    private async Task DrainAsync()
    {
        while (true)
        {
            // One trip through the thread pool before taking the batch lets the requests already
            // queued there add their writes first: under load the batches grow several times larger
            // (each commit has a fixed cost); when idle it costs only the trip.
            await Task.Yield();
            List<Item> batch;
            lock (gate)
            {
                if (pending.Count == 0)
                {
                    draining = false;
                    return;
                }

                batch = pending.Count <= MaxBatch ? pending : pending[..MaxBatch];
                pending = pending.Count <= MaxBatch ? [] : pending[MaxBatch..];
            }

            try
            {
                await database.InTransactionAsync(
                    async (connection, transaction, ct) =>
                    {
                        foreach (var item in batch)
                        {
                            await item.Work(connection, transaction, ct).ConfigureAwait(false);
                        }
                    },
                    CancellationToken.None).ConfigureAwait(false);
                foreach (var item in batch)
                {
                    item.Done.TrySetResult();
                }
            }
            catch (Exception) when (batch.Count > 1)
            {
                foreach (var item in batch)
                {
                    await RunAloneAsync(item).ConfigureAwait(false);
                }
            }
            catch (Exception e)
            {
                batch[0].Done.TrySetException(e);
            }
        }
    }

    private async Task RunAloneAsync(Item item)
    {
        try
        {
            await database.InTransactionAsync(item.Work, CancellationToken.None).ConfigureAwait(false);
            item.Done.TrySetResult();
        }
        catch (Exception e)
        {
            item.Done.TrySetException(e);
        }
    }

    private sealed record Item(Func<DbConnection, DbTransaction, CancellationToken, Task> Work, TaskCompletionSource Done);
}

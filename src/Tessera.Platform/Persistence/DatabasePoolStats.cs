namespace Tessera.Platform.Persistence;

/// <summary>
/// Connection figures for metrics gauges. Counted by <see cref="Database"/> itself over the
/// connections it hands out, so they mean the same on every provider.
/// </summary>
/// <param name="InUse">Connections handed out and not yet closed.</param>
/// <param name="MaxSize">The pool's cap from <c>max_conns</c>, or null when the provider's default applies.</param>
/// <param name="Opened">Connections handed out since the database was opened.</param>
/// <param name="TransactionRetries">Transactions run again after a serialization failure, deadlock or busy error.</param>
public sealed record DatabasePoolStats(int InUse, int? MaxSize, long Opened, long TransactionRetries);

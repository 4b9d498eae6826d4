namespace Tessera.Proxy.Pipeline.Mutators;

/// <summary><c>noop</c>: forwards the request unchanged (no config).</summary>
internal sealed class NoopMutator : IMutator
{
    private static readonly NoopMutator Instance = new();

    public static HandlerFactory<IMutator> Factory { get; } = new("noop", config =>
    {
        config.AllowOnly();
        return Instance;
    });

    public ValueTask<PipelineError?> MutateAsync(PipelineRequest request, AuthenticationSession session, CancellationToken ct) => ValueTask.FromResult<PipelineError?>(null);
}

using Microsoft.Extensions.Hosting;

namespace Tessera.Platform.Hosting;

/// <summary>
/// Replaces the console lifetime of each listener's host: signals are handled once, by
/// <see cref="ServiceRunner"/>, which stops every listener together.
/// </summary>
internal sealed class NoopHostLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

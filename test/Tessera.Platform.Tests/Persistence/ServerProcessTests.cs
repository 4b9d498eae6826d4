using Tessera.Testing;

namespace Tessera.Platform.Tests.Persistence;

/// <summary>The database fixtures' process handling: a server that does not come up must say why.</summary>
public sealed class ServerProcessTests
{
    [Fact]
    public async Task A_server_that_exits_while_starting_fails_with_its_log()
    {
        var folder = new TempFolder("tessera-fake");
        var server = ServerProcess.Start("sh", ["-c", "echo 'FATAL: fake server cannot start'; exit 3"], folder, "none.pid", "KILL");

        var error = await Assert.ThrowsAsync<InvalidOperationException>(
            () => server.WaitUntilReadyAsync("Fake", () => Task.FromResult(false), TimeSpan.FromSeconds(20)));

        Assert.Contains("exited with code 3", error.Message, StringComparison.Ordinal);
        Assert.Contains("FATAL: fake server cannot start", error.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(folder.Path));
    }

    [Fact]
    public async Task A_server_that_never_answers_is_stopped_after_the_timeout()
    {
        var folder = new TempFolder("tessera-fake");
        var server = ServerProcess.Start("sh", ["-c", "echo still-booting; exec sleep 60"], folder, "none.pid", "KILL");

        var error = await Assert.ThrowsAsync<TimeoutException>(
            () => server.WaitUntilReadyAsync("Fake", () => Task.FromResult(false), TimeSpan.FromSeconds(3), () => "extra-log-line"));

        Assert.Contains("still-booting", error.Message, StringComparison.Ordinal);
        Assert.Contains("extra-log-line", error.Message, StringComparison.Ordinal);
        Assert.True(server.HasExited);
        Assert.False(Directory.Exists(folder.Path));
    }
}

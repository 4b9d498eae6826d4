using System.Diagnostics;
using System.Text;

namespace Tessera.Testing;

/// <summary>
/// A database server started for the test process: its output is kept for error messages, and it
/// is stopped and its folder removed when the test process exits, pass or fail.
/// </summary>
internal sealed class ServerProcess
{
    private const int MaxOutput = 64 * 1024;
    private readonly Process process;
    private readonly StringBuilder output = new();
    private readonly Func<ServerProcess, bool>? gracefulStop;
    private int stopped;

    private ServerProcess(Process process, TempFolder folder, Func<ServerProcess, bool>? gracefulStop)
    {
        this.process = process;
        Folder = folder;
        this.gracefulStop = gracefulStop;
    }

    public TempFolder Folder { get; }

    public bool HasExited => process.HasExited;

    /// <param name="pidFile">Where the server writes its own pid, relative to the folder (the
    /// process started may be a wrapper such as runuser).</param>
    /// <param name="stopSignal">The signal that stops the server quickly and cleanly.</param>
    public static ServerProcess Start(
        string fileName, IEnumerable<string> arguments, TempFolder folder, string pidFile, string stopSignal, Func<ServerProcess, bool>? gracefulStop = null)
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = folder.Path,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        var process = new Process { StartInfo = info };
        var server = new ServerProcess(process, folder, gracefulStop);
        process.OutputDataReceived += (_, e) => server.Append(e.Data);
        process.ErrorDataReceived += (_, e) => server.Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => server.Stop();
        StartWatchdog(process.Id, folder.Path, pidFile, stopSignal);
        return server;
    }

    /// <summary>Runs a set-up command to its end; throws with its output when it fails.</summary>
    public static async Task RunAsync(string fileName, IReadOnlyList<string> arguments, string what)
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {fileName}.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().ConfigureAwait(false);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"{what} failed (exit code {process.ExitCode}): {fileName} {string.Join(' ', arguments)}\n{await stdout.ConfigureAwait(false)}\n{await stderr.ConfigureAwait(false)}");
        }
    }

    public string Output()
    {
        lock (output)
        {
            return output.ToString();
        }
    }

    /// <summary>Waits until <paramref name="ready"/> succeeds; throws with the server's output when it exits or times out.</summary>
    public async Task WaitUntilReadyAsync(string name, Func<Task<bool>> ready, TimeSpan timeout, Func<string>? extraLog = null)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (process.HasExited)
            {
                // Waiting without a timeout also drains the output still in the pipes.
                await process.WaitForExitAsync().ConfigureAwait(false);
                var log = Output() + (extraLog?.Invoke() ?? string.Empty);
                Stop();
                throw new InvalidOperationException($"{name} exited with code {process.ExitCode} while starting. Its log:\n{log}");
            }

            if (await ready().ConfigureAwait(false))
            {
                return;
            }

            if (DateTime.UtcNow > deadline)
            {
                var log = Output() + (extraLog?.Invoke() ?? string.Empty);
                Stop();
                throw new TimeoutException($"{name} did not accept connections within {timeout.TotalSeconds} s. Its log:\n{log}");
            }

            await Task.Delay(100).ConfigureAwait(false);
        }
    }

    public int Id => process.Id;

    public void Stop()
    {
        if (Interlocked.Exchange(ref stopped, 1) != 0)
        {
            return;
        }

        try
        {
            if (!process.HasExited && !(gracefulStop?.Invoke(this) == true && process.WaitForExit(3000)))
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        Folder.Dispose();
    }

    // ProcessExit does not run when the test host is killed (a crash, a timeout, vstest ending
    // it): a detached shell waits for the test process to go, then stops the server and removes
    // its folder. It only signals pids whose command line names this server's unique folder, so a
    // reused pid is never hit.
    private const string WatchdogScript = """
        exec </dev/null >/dev/null 2>&1
        t=$1; s=$2; f=$3; pidfile=$4; sig=$5
        while kill -0 "$t" 2>/dev/null; do sleep 1; done
        pids="$s"
        [ -f "$f/$pidfile" ] && pids="$(head -n 1 "$f/$pidfile") $pids"
        ours() { grep -qF "$f" "/proc/$1/cmdline" 2>/dev/null; }
        for p in $pids; do ours "$p" && kill "-$sig" "$p"; done
        i=0
        while [ $i -lt 50 ]; do
          alive=; for p in $pids; do ours "$p" && alive=1; done
          [ -z "$alive" ] && break
          sleep 0.1; i=$((i+1))
        done
        for p in $pids; do ours "$p" && kill -KILL "$p"; done
        rm -rf "$f"
        """;

    private static void StartWatchdog(int serverPid, string folder, string pidFile, string stopSignal)
    {
        var info = new ProcessStartInfo("setsid")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[]
        {
            "-f", "sh", "-c", WatchdogScript, "watchdog", Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            serverPid.ToString(System.Globalization.CultureInfo.InvariantCulture), folder, pidFile, stopSignal,
        })
        {
            info.ArgumentList.Add(argument);
        }

        using var setsid = Process.Start(info);
        setsid?.WaitForExit(5000);
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            if (output.Length < MaxOutput)
            {
                output.AppendLine(line);
            }
        }
    }
}

using System.Diagnostics;
using System.Text;

namespace Tessera.Testing;

/// <summary>
/// Runs the tessera executable built next to the test assembly (<c>dotnet tessera.dll</c>) as a
/// separate process, for tests that need real processes: concurrency, signals, exit codes.
/// </summary>
public sealed class TesseraProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly StringBuilder output = new();
    private readonly TaskCompletionSource exited = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private TesseraProcess(Process process)
    {
        this.process = process;
    }

    public static string EntryAssembly => Path.Combine(AppContext.BaseDirectory, "tessera.dll");

    /// <summary>Everything the process wrote to stdout and stderr so far, interleaved.</summary>
    public string Output
    {
        get
        {
            lock (output)
            {
                return output.ToString();
            }
        }
    }

    public int Id => process.Id;

    public bool HasExited => process.HasExited;

    public static TesseraProcess Start(IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null, string? workingDirectory = null)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory ?? string.Empty,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(EntryAssembly);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var result = new TesseraProcess(process);
        process.OutputDataReceived += (_, e) => result.Append(e.Data);
        process.ErrorDataReceived += (_, e) => result.Append(e.Data);
        process.Exited += (_, _) => result.exited.TrySetResult();
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return result;
    }

    /// <summary>Runs to completion and returns the exit code and output.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null, TimeSpan? timeout = null)
    {
        await using var process = Start(args, environment);
        var code = await process.WaitForExitAsync(timeout ?? TimeSpan.FromSeconds(60));
        return (code, process.Output);
    }

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        await exited.Task.WaitAsync(timeout);
        // Exited fires before the redirected streams are drained; this waits for them.
        await process.WaitForExitAsync();
        return process.ExitCode;
    }

    /// <summary>Sends a POSIX signal (e.g. SIGTERM = 15) to the process.</summary>
    public void Signal(int signal)
    {
        using var kill = Process.Start("kill", [$"-{signal}", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
        }
    }
}

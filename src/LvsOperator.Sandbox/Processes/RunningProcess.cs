using System.Text;
using CliWrap;
using LvsOperator.Sandbox.Interop;

namespace LvsOperator.Sandbox.Processes;

/// <summary>
/// A program that runs until it is told to stop: the agent, tcpdump, a kubectl that blocks. Its output is kept (the
/// last <see cref="KeptCharacters"/> of each stream) and handed line by line to an optional observer. Signals go to
/// its process id; disposing kills it (and its children) if it still runs, so a failed test leaves nothing behind.
/// </summary>
public sealed class RunningProcess : IAsyncDisposable, IDisposable
{
    /// <summary>Enough for any test's assertions and a log tail, bounded so a chatty agent cannot grow without end.</summary>
    public const int KeptCharacters = 1 << 20;

    private readonly CancellationTokenSource _kill = new();
    private readonly Lock _gate = new();
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();
    private readonly Action<string>? _onLine;
    private readonly CommandTask<CommandResult> _task;

    private RunningProcess(ProcessCommand command, Action<string>? onLine)
    {
        Command = command;
        _onLine = onLine;
        _task = ProcessRunner.Wrap(command)
            .WithStandardOutputPipe(PipeTarget.ToDelegate(line => Keep(_stdout, line), Encoding.UTF8))
            .WithStandardErrorPipe(PipeTarget.ToDelegate(line => Keep(_stderr, line), Encoding.UTF8))
            .ExecuteAsync(_kill.Token);
    }

    public ProcessCommand Command { get; }

    public int Id => _task.ProcessId;

    /// <summary>True once the program has exited and both of its output streams are read to the end.</summary>
    public bool HasExited => _task.Task.IsCompleted;

    /// <summary>The exit code once the program has exited on its own; null while it runs or after it was killed.</summary>
    public int? ExitCode => _task.Task.IsCompletedSuccessfully ? _task.Task.Result.ExitCode : null;

    public string Stdout
    {
        get
        {
            lock (_gate)
            {
                return _stdout.ToString();
            }
        }
    }

    public string Stderr
    {
        get
        {
            lock (_gate)
            {
                return _stderr.ToString();
            }
        }
    }

    internal static RunningProcess Start(ProcessCommand command, Action<string>? onLine)
    {
        ArgumentNullException.ThrowIfNull(command);
        return new RunningProcess(command, onLine);
    }

    /// <summary>Sends a signal to the program; false when it has already exited.</summary>
    public bool Signal(ProcessSignal signal) => !HasExited && LibC.Kill(Id, (int)signal) == 0;

    /// <summary>
    /// Waits until the program exits on its own, at most <paramref name="limit"/> (default: the command's timeout);
    /// past that it is killed and <see cref="TimeoutException"/> thrown.
    /// </summary>
    public async Task<ProcessResult> WaitAsync(TimeSpan? limit = null, CancellationToken cancellationToken = default)
    {
        var bound = limit ?? Command.Timeout;
        try
        {
            var result = await _task.Task.WaitAsync(bound, cancellationToken);
            return new ProcessResult(Command, result.ExitCode, Stdout, Stderr);
        }
        catch (TimeoutException)
        {
            await KillAsync();
            throw new TimeoutException($"{Command} did not exit within {bound} and was killed\nstderr:\n{Stderr}");
        }
    }

    /// <summary>Kills the program and its children unless it has exited, and waits until it is gone.</summary>
    public async Task KillAsync()
    {
        if (!HasExited)
        {
            await _kill.CancelAsync();
        }

        try
        {
            await _task;
        }
        catch (OperationCanceledException)
        {
            // Killed by us: the normal end here.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _task.Dispose();
        _kill.Dispose();
    }

    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    private void Keep(StringBuilder stream, string line)
    {
        lock (_gate)
        {
            stream.Append(line).Append('\n');
            if (stream.Length > KeptCharacters)
            {
                stream.Remove(0, stream.Length - KeptCharacters);
            }
        }

        _onLine?.Invoke(line);
    }
}

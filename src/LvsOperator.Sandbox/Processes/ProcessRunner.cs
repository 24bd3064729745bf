using System.Text;
using CliWrap;
using CliWrap.Buffered;

namespace LvsOperator.Sandbox.Processes;

/// <summary>
/// The one way the sandbox, the tests and the bench run programs (ip, nft, sysctl, tcpdump, kubectl, helm, the agent),
/// over CliWrap: arguments are passed as a list (never through a shell), both output streams are captured, and every
/// run is bounded by its command's timeout, past which the program and its children are killed.
/// </summary>
public static class ProcessRunner
{
    /// <summary>Runs to exit and says how it ended, whatever the exit code. Throws <see cref="TimeoutException"/> past the command's timeout.</summary>
    public static async Task<ProcessResult> ExecuteAsync(ProcessCommand command, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        using var bound = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bound.CancelAfter(command.Timeout);
        try
        {
            var result = await Wrap(command).ExecuteBufferedAsync(Encoding.UTF8, bound.Token);
            return new ProcessResult(command, result.ExitCode, result.StandardOutput, result.StandardError);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"{command} did not finish within {command.Timeout} and was killed");
        }
    }

    /// <summary>
    /// <see cref="ExecuteAsync"/> for synchronous callers (namespace set-up, test assertions). CliWrap continues on the
    /// thread pool, so blocking here cannot deadlock on a synchronization context.
    /// </summary>
    public static ProcessResult Execute(ProcessCommand command) => ExecuteAsync(command).GetAwaiter().GetResult();

    /// <summary>Runs a short host command and returns its stdout; a non-zero exit throws with its stderr.</summary>
    public static string Run(string fileName, params IEnumerable<string> arguments) =>
        Execute(ProcessCommand.Of(fileName, arguments)).EnsureSuccess().Stdout;

    /// <summary>Runs a short host command and returns how it ended, for commands that may fail (deleting what may be gone).</summary>
    public static ProcessResult TryRun(string fileName, params IEnumerable<string> arguments) =>
        Execute(ProcessCommand.Of(fileName, arguments));

    /// <summary><see cref="Run"/> inside a network namespace.</summary>
    public static string RunIn(string networkNamespace, string fileName, params IEnumerable<string> arguments) =>
        Execute(ProcessCommand.Of(fileName, arguments).In(networkNamespace)).EnsureSuccess().Stdout;

    /// <summary><see cref="TryRun"/> inside a network namespace.</summary>
    public static ProcessResult TryRunIn(string networkNamespace, string fileName, params IEnumerable<string> arguments) =>
        Execute(ProcessCommand.Of(fileName, arguments).In(networkNamespace));

    /// <summary>Starts a program that runs until it is stopped; see <see cref="RunningProcess"/>.</summary>
    public static RunningProcess Start(ProcessCommand command, Action<string>? onLine = null) => RunningProcess.Start(command, onLine);

    internal static Command Wrap(ProcessCommand command)
    {
        var wrapped = Cli.Wrap(command.StartedFile)
            .WithArguments(command.StartedArguments)
            .WithEnvironmentVariables(command.Environment)
            .WithValidation(CommandResultValidation.None);
        if (command.StandardInput is { } input)
        {
            wrapped = wrapped.WithStandardInputPipe(PipeSource.FromString(input, Encoding.UTF8));
        }

        return command.WorkingDirectory is { } directory ? wrapped.WithWorkingDirectory(directory) : wrapped;
    }
}

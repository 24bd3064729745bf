using System.Collections.Frozen;

namespace LvsOperator.Sandbox.Processes;

/// <summary>
/// One program to run with its arguments, and optionally standard input, extra environment variables, a working
/// directory, a time bound and the network namespace to run it in. A namespace is entered through
/// <c>ip netns exec NS</c>, which execs the program after setns(), so the process id is the program's own and a
/// signal sent to it reaches the program.
/// </summary>
public sealed record ProcessCommand(string FileName, IReadOnlyList<string> Arguments)
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    public string? NetworkNamespace { get; init; }

    /// <summary>Written to the program's standard input, which is then closed. Null: an empty, closed input.</summary>
    public string? StandardInput { get; init; }

    /// <summary>Set on top of this process's environment; a null value removes the variable.</summary>
    public IReadOnlyDictionary<string, string?> Environment { get; init; } = FrozenDictionary<string, string?>.Empty;

    public string? WorkingDirectory { get; init; }

    /// <summary>How long <see cref="ProcessRunner.ExecuteAsync"/> or <see cref="RunningProcess.WaitAsync"/> waits before killing it.</summary>
    public TimeSpan Timeout { get; init; } = DefaultTimeout;

    public static ProcessCommand Of(string fileName, params IEnumerable<string> arguments) => new(fileName, [.. arguments]);

    /// <summary>The same command run inside a network namespace.</summary>
    public ProcessCommand In(string networkNamespace) => this with { NetworkNamespace = networkNamespace };

    /// <summary>What is started: the program itself, or <c>ip netns exec NS program ...</c>.</summary>
    internal string StartedFile => NetworkNamespace is null ? FileName : "ip";

    internal IReadOnlyList<string> StartedArguments => NetworkNamespace is null ? Arguments : ["netns", "exec", NetworkNamespace, FileName, .. Arguments];

    public override string ToString() => string.Join(' ', [StartedFile, .. StartedArguments]);
}

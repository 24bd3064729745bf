namespace LvsOperator.Sandbox.Processes;

/// <summary>The POSIX signals the harness sends to programs it started.</summary>
public enum ProcessSignal
{
    /// <summary>SIGINT: what Ctrl-C sends; tcpdump flushes its file on it.</summary>
    Interrupt = 2,

    /// <summary>SIGKILL: no clean-up; for processes left inside a namespace about to be deleted.</summary>
    Kill = 9,

    /// <summary>SIGTERM: the graceful stop the agent handles (it removes its nftables table and exits 0).</summary>
    Terminate = 15,
}

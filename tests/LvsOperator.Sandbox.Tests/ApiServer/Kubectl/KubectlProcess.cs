using System.Diagnostics;

namespace LvsOperator.Sandbox.Tests.ApiServer.Kubectl;

/// <summary>A running kubectl; disposing kills it if it is still running, so a failed test leaves nothing behind.</summary>
internal sealed class KubectlProcess : IDisposable
{
    private readonly Process _process;
    private readonly TimeSpan _bound;
    private readonly Task<string> _stdout;
    private readonly Task<string> _stderr;

    public KubectlProcess(Process process, TimeSpan bound)
    {
        _process = process;
        _bound = bound;
        _process.StandardInput.Close();
        _stdout = process.StandardOutput.ReadToEndAsync();
        _stderr = process.StandardError.ReadToEndAsync();
    }

    public bool HasExited => _process.HasExited;

    public async Task<KubectlResult> WaitAsync()
    {
        using var cts = new CancellationTokenSource(_bound);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
            return new KubectlResult(-1, await _stdout, await _stderr + $"\n(killed after {_bound})");
        }

        return new KubectlResult(_process.ExitCode, await _stdout, await _stderr);
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        _process.Dispose();
    }
}

namespace LvsOperator.Sandbox.Tests.ApiServer.Kubectl;

internal sealed record KubectlResult(int ExitCode, string Stdout, string Stderr)
{
    public KubectlResult EnsureSuccess() =>
        ExitCode == 0 ? this : throw new Xunit.Sdk.XunitException($"kubectl exited {ExitCode}\nstdout: {Stdout}\nstderr: {Stderr}");
}

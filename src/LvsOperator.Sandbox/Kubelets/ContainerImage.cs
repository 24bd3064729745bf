namespace LvsOperator.Sandbox.Kubelets;

/// <summary>
/// What an image name stands for in the sandbox, which has no container runtime: the built-in echo app (run
/// in-process), or a .NET program run as <c>dotnet ENTRYPOINT ARGS...</c> (its "entrypoint" dll).
/// </summary>
public sealed record ContainerImage(string Reference, string? EntryPoint)
{
    public bool IsEcho => EntryPoint is null;
}

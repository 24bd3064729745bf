using LvsOperator.Sandbox.ApiServer;

namespace LvsOperator.Sandbox.Tests.ApiServer.Helm;

/// <summary>A sandbox API server with RBAC switched on; the admin kubeconfig still bypasses it (system:masters).</summary>
public sealed class RbacSandbox : HelmSandbox
{
    protected override SandboxApiServerOptions Options => new() { Rbac = true };
}

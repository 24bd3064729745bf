using LvsOperator.Agent;

// The director agent: `LvsOperator.Agent --config FILE` (standalone) inside the director's network namespace, or in
// Kubernetes mode (`--kubeconfig FILE`, KUBECONFIG or in-cluster; NODE_NAME) on every node of a DaemonSet.
try
{
    await using var app = AgentApplication.Build(args);
    await app.RunAsync();
    return 0;
}
catch (Exception e) when (e is InvalidOperationException or IOException or UnauthorizedAccessException or System.ComponentModel.Win32Exception or System.Net.Sockets.SocketException or FormatException or k8s.Exceptions.KubeConfigException)
{
    await Console.Error.WriteLineAsync($"lvs agent: {e.Message}");
    return 1;
}

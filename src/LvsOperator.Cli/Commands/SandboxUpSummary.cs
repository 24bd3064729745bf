using System.Text;
using LvsOperator.Sandbox.Cluster;

namespace LvsOperator.Cli.Commands;

/// <summary>What `lvsctl sandbox up` tells its user once the sandbox runs (on stderr): where things are and what to try.</summary>
internal static class SandboxUpSummary
{
    public static string Describe(SandboxCluster cluster, string kubeconfig)
    {
        var text = new StringBuilder();
        text.AppendLine($"sandbox {cluster.Id} is up");
        text.AppendLine($"  kubeconfig:  {kubeconfig}  (API server {cluster.ApiServer.ServerUri}; pods use {SandboxCluster.InClusterServer})");
        text.AppendLine($"  client:      {cluster.ClientNamespace}  {ClusterAddresses.Client}/24 on the external L2 198.18.0.0/24 (no route to pod CIDRs)");
        foreach (var node in cluster.Nodes)
        {
            text.AppendLine($"  {node.Name}:       {node.Namespace}  {node.Address}, pods {node.PodCidr}");
        }

        text.AppendLine($"  reserved:    198.18.0.2 (client), .11-.{10 + cluster.Nodes.Count} (nodes), .250 (API server); any other 198.18.0.x is a free VIP");
        text.AppendLine($"  logs:        {cluster.LogDirectory}");
        text.AppendLine($"  try:         kubectl --kubeconfig {kubeconfig} get nodes,pods -A -o wide");
        text.AppendLine($"               ip netns exec {cluster.ClientNamespace} curl -s http://VIP:PORT/");
        text.Append("  stop:        Ctrl-C or SIGTERM");
        return text.ToString();
    }
}

using k8s;
using k8s.Models;
using LvsOperator.Api;

namespace LvsOperator.Operator.Tests.TestSupport;

/// <summary>Objects a test writes as cluster-admin.</summary>
public static class Seed
{
    public static async Task ServiceAsync(IKubernetes admin, string ns, string name, params V1EndpointSlice[] slices)
    {
        await admin.CoreV1.CreateNamespacedServiceAsync(Objects.Service(ns, name), ns);
        foreach (var slice in slices)
        {
            await admin.DiscoveryV1.CreateNamespacedEndpointSliceAsync(slice, ns);
        }
    }

    public static async Task NodesAsync(IKubernetes admin, params V1Node[] nodes)
    {
        foreach (var node in nodes)
        {
            await admin.CoreV1.CreateNodeAsync(node);
        }
    }

    public static Task<VirtualService> VirtualServiceAsync(OperatorHarness harness, VirtualService vs) =>
        harness.VirtualServices.CreateAsync(vs, CancellationToken.None);
}

using k8s;
using k8s.Models;
using LvsOperator.Sandbox.Kubelets;

namespace LvsOperator.Sandbox.Controllers;

/// <summary>A new Pod from a workload's template, owned by it, bound to a node, carrying the sandbox kubelet's finalizer.</summary>
internal static class PodFactory
{
    public static V1Pod FromTemplate(string ownerKind, V1ObjectMeta owner, V1PodTemplateSpec template, string namePrefix, string hashLabel, string hash, string nodeName)
    {
        // A deep copy through JSON: the template stays as the owner has it.
        var spec = KubernetesJson.Deserialize<V1PodSpec>(KubernetesJson.Serialize(template.Spec));
        spec.NodeName = nodeName;
        var labels = new Dictionary<string, string>(template.Metadata?.Labels ?? new Dictionary<string, string>()) { [hashLabel] = hash };
        return new V1Pod
        {
            ApiVersion = "v1",
            Kind = "Pod",
            Metadata = new V1ObjectMeta
            {
                GenerateName = namePrefix,
                NamespaceProperty = owner.NamespaceProperty,
                Labels = labels,
                Annotations = template.Metadata?.Annotations is { } annotations ? new Dictionary<string, string>(annotations) : null,
                OwnerReferences =
                [
                    new V1OwnerReference
                    {
                        ApiVersion = "apps/v1",
                        Kind = ownerKind,
                        Name = owner.Name,
                        Uid = owner.Uid,
                        Controller = true,
                        BlockOwnerDeletion = true,
                    },
                ],
                Finalizers = [Kubelet.Finalizer],
            },
            Spec = spec,
        };
    }
}

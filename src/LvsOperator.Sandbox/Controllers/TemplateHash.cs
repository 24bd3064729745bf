using System.Security.Cryptography;
using System.Text;
using k8s;
using k8s.Models;

namespace LvsOperator.Sandbox.Controllers;

/// <summary>A short stable name for a pod template (the pod-template-hash of a Deployment's pods): changes iff the template does.</summary>
internal static class TemplateHash
{
    public static string Of(V1PodTemplateSpec template) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(KubernetesJson.Serialize(template))).AsSpan(0, 5));
}

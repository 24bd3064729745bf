using System.Reflection;
using k8s;
using k8s.Models;

namespace LvsOperator.Kubernetes.Client;

/// <summary>Group, version, kind and plural of a resource type, read once from its <see cref="KubernetesEntityAttribute"/>.</summary>
public sealed record ResourceType(string Group, string Version, string Kind, string Plural)
{
    /// <summary>"v1" for the core group, "group/version" otherwise, as in an object's apiVersion.</summary>
    public string ApiVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";

    /// <summary>The resource as RBAC rules and Forbidden messages name it: "services", "leases.coordination.k8s.io".</summary>
    public string Resource => Group.Length == 0 ? Plural : $"{Plural}.{Group}";

    public static ResourceType Of<T>() => Cache<T>.Value;

    /// <summary>Fills in apiVersion and kind where the wire left them off (items of a LIST).</summary>
    internal T Stamp<T>(T obj)
        where T : IKubernetesObject
    {
        if (string.IsNullOrEmpty(obj.ApiVersion))
        {
            obj.ApiVersion = ApiVersion;
        }

        if (string.IsNullOrEmpty(obj.Kind))
        {
            obj.Kind = Kind;
        }

        return obj;
    }

    private static class Cache<T>
    {
        public static readonly ResourceType Value = Read();

        private static ResourceType Read()
        {
            var attribute = typeof(T).GetCustomAttribute<KubernetesEntityAttribute>()
                ?? throw new ArgumentException($"{typeof(T).Name} carries no [KubernetesEntity] attribute");
            return new ResourceType(attribute.Group ?? "", attribute.ApiVersion, attribute.Kind, attribute.PluralName);
        }
    }
}

using k8s;
using LvsOperator.Sandbox.Network;
using Microsoft.Extensions.Logging;

namespace LvsOperator.Sandbox.Kubelets;

/// <summary>What every kubelet of one sandbox shares: its API client, namespaces, images, options, and how pods reach the API server.</summary>
internal sealed record KubeletRuntime(
    IKubernetes Client,
    NamespaceSet Namespaces,
    ImageCatalog Images,
    KubeletOptions Options,
    Uri InClusterServer,
    string CertificateAuthorityPem,
    Func<string, string, string> IssueToken,
    ILoggerFactory Logging,
    TimeProvider Time);

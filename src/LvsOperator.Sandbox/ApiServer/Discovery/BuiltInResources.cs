namespace LvsOperator.Sandbox.ApiServer.Discovery;

/// <summary>The built-in kinds the project needs. Schemas stay null: built-ins are served permissively.</summary>
internal static class BuiltInResources
{
    public static IReadOnlyList<ResourceDefinition> All { get; } =
    [
        Core("namespaces", "Namespace", namespaced: false, status: true, ["ns"]),
        Core("services", "Service", namespaced: true, status: true, ["svc"], ["all"]),
        Core("pods", "Pod", namespaced: true, status: true, ["po"], ["all"]),
        Core("secrets", "Secret", namespaced: true, status: false, []),
        Core("configmaps", "ConfigMap", namespaced: true, status: false, ["cm"]),
        Core("serviceaccounts", "ServiceAccount", namespaced: true, status: false, ["sa"]),
        Core("events", "Event", namespaced: true, status: false, ["ev"]),
        Core("nodes", "Node", namespaced: false, status: true, ["no"]),
        Core("endpoints", "Endpoints", namespaced: true, status: false, ["ep"]),
        Make("apps", "v1", "deployments", "Deployment", true, true, ["deploy"], ["all"]),
        Make("apps", "v1", "daemonsets", "DaemonSet", true, true, ["ds"], ["all"]),
        Make("apps", "v1", "replicasets", "ReplicaSet", true, true, ["rs"], ["all"]),
        Make("rbac.authorization.k8s.io", "v1", "roles", "Role", true, false, [], []),
        Make("rbac.authorization.k8s.io", "v1", "rolebindings", "RoleBinding", true, false, [], []),
        Make("rbac.authorization.k8s.io", "v1", "clusterroles", "ClusterRole", false, false, [], []),
        Make("rbac.authorization.k8s.io", "v1", "clusterrolebindings", "ClusterRoleBinding", false, false, [], []),
        Make("discovery.k8s.io", "v1", "endpointslices", "EndpointSlice", true, false, [], []),
        Make("coordination.k8s.io", "v1", "leases", "Lease", true, false, [], []),
        Make("events.k8s.io", "v1", "events", "Event", true, false, ["ev"], []),
        Make("apiextensions.k8s.io", "v1", "customresourcedefinitions", "CustomResourceDefinition", false, true, ["crd", "crds"], ["api-extensions"]),
    ];

    private static ResourceDefinition Core(string plural, string kind, bool namespaced, bool status, string[] shortNames, string[]? categories = null) =>
        Make(string.Empty, "v1", plural, kind, namespaced, status, shortNames, categories ?? []);

    private static ResourceDefinition Make(
        string group, string version, string plural, string kind, bool namespaced, bool status, string[] shortNames, string[] categories) =>
        new(group, version, plural, kind, kind.ToLowerInvariant(), namespaced, shortNames, categories, status, Schema: null, PrinterColumns: [], IsCustom: false);
}

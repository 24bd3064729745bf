namespace LvsOperator.Sandbox.ApiServer.Discovery;

/// <summary>
/// The built-in kinds the project needs. Schemas stay null: built-ins are served permissively. The workload kinds the
/// multi-node sandbox runs get printer columns close to kubectl's own (as JSONPath, so READY shows counts, not "1/1").
/// </summary>
internal static class BuiltInResources
{
    public static IReadOnlyList<ResourceDefinition> All { get; } =
    [
        Core("namespaces", "Namespace", namespaced: false, status: true, ["ns"]),
        Core("services", "Service", namespaced: true, status: true, ["svc"], ["all"]),
        Core("pods", "Pod", namespaced: true, status: true, ["po"], ["all"]) with { PrinterColumns = PodColumns },
        Core("secrets", "Secret", namespaced: true, status: false, []),
        Core("configmaps", "ConfigMap", namespaced: true, status: false, ["cm"]),
        Core("serviceaccounts", "ServiceAccount", namespaced: true, status: false, ["sa"]),
        Core("events", "Event", namespaced: true, status: false, ["ev"]),
        Core("nodes", "Node", namespaced: false, status: true, ["no"]) with { PrinterColumns = NodeColumns },
        Core("endpoints", "Endpoints", namespaced: true, status: false, ["ep"]),
        Make("apps", "v1", "deployments", "Deployment", true, true, ["deploy"], ["all"]) with { PrinterColumns = DeploymentColumns },
        Make("apps", "v1", "daemonsets", "DaemonSet", true, true, ["ds"], ["all"]) with { PrinterColumns = DaemonSetColumns },
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

    private static PrinterColumn[] PodColumns =>
    [
        Column("Ready", "boolean", ".status.conditions[?(@.type==\"Ready\")].status"),
        Column("Status", "string", ".status.phase"),
        Column("Restarts", "integer", ".status.containerStatuses[0].restartCount"),
        Age,
        Column("IP", "string", ".status.podIP", priority: 1),
        Column("Node", "string", ".spec.nodeName", priority: 1),
    ];

    private static PrinterColumn[] NodeColumns =>
    [
        Column("Ready", "string", ".status.conditions[?(@.type==\"Ready\")].status"),
        Age,
        Column("Version", "string", ".status.nodeInfo.kubeletVersion"),
        Column("Internal-IP", "string", ".status.addresses[?(@.type==\"InternalIP\")].address", priority: 1),
        Column("Pod-CIDR", "string", ".spec.podCIDR", priority: 1),
    ];

    private static PrinterColumn[] DeploymentColumns =>
    [
        Column("Replicas", "integer", ".spec.replicas"),
        Column("Ready", "integer", ".status.readyReplicas"),
        Column("Up-to-date", "integer", ".status.updatedReplicas"),
        Column("Available", "integer", ".status.availableReplicas"),
        Age,
    ];

    private static PrinterColumn[] DaemonSetColumns =>
    [
        Column("Desired", "integer", ".status.desiredNumberScheduled"),
        Column("Current", "integer", ".status.currentNumberScheduled"),
        Column("Ready", "integer", ".status.numberReady"),
        Column("Up-to-date", "integer", ".status.updatedNumberScheduled"),
        Age,
    ];

    private static PrinterColumn Age => Column("Age", "date", ".metadata.creationTimestamp");

    private static PrinterColumn Column(string name, string type, string path, int priority = 0) => new(name, type, string.Empty, string.Empty, priority, path);

    private static ResourceDefinition Core(string plural, string kind, bool namespaced, bool status, string[] shortNames, string[]? categories = null) =>
        Make(string.Empty, "v1", plural, kind, namespaced, status, shortNames, categories ?? []);

    private static ResourceDefinition Make(
        string group, string version, string plural, string kind, bool namespaced, bool status, string[] shortNames, string[] categories) =>
        new(group, version, plural, kind, kind.ToLowerInvariant(), namespaced, shortNames, categories, status, Schema: null, PrinterColumns: [], IsCustom: false);
}

using System.Text.Json.Nodes;

namespace LvsOperator.Sandbox.ApiServer.Discovery;

/// <summary>What the server knows about one resource in one group-version: names, scope, subresources, schema, columns.</summary>
internal sealed record ResourceDefinition(
    string Group,
    string Version,
    string Plural,
    string Kind,
    string Singular,
    bool Namespaced,
    IReadOnlyList<string> ShortNames,
    IReadOnlyList<string> Categories,
    bool HasStatus,
    JsonObject? Schema,
    IReadOnlyList<PrinterColumn> PrinterColumns,
    bool IsCustom)
{
    public string GroupVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";

    public string ListKind => Kind + "List";

    /// <summary>Whether /scale is served (autoscaling/v1 Scale over spec.replicas), as for the apps workloads with replicas.</summary>
    public bool HasScale => !IsCustom && Group == "apps" && Kind is "Deployment" or "ReplicaSet";

    /// <summary>The storage identity; versions of one CRD share objects (no conversion: served as stored).</summary>
    public string StorageKind => Group + "/" + Plural;
}

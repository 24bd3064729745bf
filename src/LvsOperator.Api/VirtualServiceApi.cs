namespace LvsOperator.Api;

/// <summary>Names under which the VirtualService resource is served; the group sits under the project's own domain.</summary>
public static class VirtualServiceApi
{
    public const string Group = "lvs.lvs-operator.dev";
    public const string Version = "v1alpha1";
    public const string ApiVersion = Group + "/" + Version;
    public const string Kind = "VirtualService";
    public const string ListKind = "VirtualServiceList";
    public const string Plural = "virtualservices";
    public const string Singular = "virtualservice";
    public const string ShortName = "vs";

    /// <summary>Qualified finalizer the operator puts on every VirtualService it manages.</summary>
    public const string Finalizer = Group + "/cleanup";
}

namespace LvsOperator.Sandbox.ApiServer.Storage;

/// <summary>Storage identity of an object: "group/plural" (version-less), namespace ("" when cluster-scoped), name.</summary>
internal readonly record struct ObjectKey(string StorageKind, string Namespace, string Name) : IComparable<ObjectKey>
{
    public int CompareTo(ObjectKey other)
    {
        var c = string.CompareOrdinal(Namespace, other.Namespace);
        return c != 0 ? c : string.CompareOrdinal(Name, other.Name);
    }
}

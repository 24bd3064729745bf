namespace LvsOperator.Api.Serialization;

/// <summary>What a document's root node is. Only a mapping can be a Kubernetes object; an empty document is skipped, as kubectl does.</summary>
internal enum YamlRootShape : byte
{
    Empty,
    Scalar,
    Sequence,
    Mapping,
}

using System.Text.Json.Nodes;
using LvsOperator.Sandbox.ApiServer.Endpoints;

namespace LvsOperator.Sandbox.ApiServer.Serialization;

/// <summary>Request bodies in the Kubernetes protobuf envelope ("k8s\0" + runtime.Unknown), as helm sends release Secrets.</summary>
internal static class ProtobufBody
{
    public static JsonObject Decode(ReadOnlySpan<byte> body, string contentType)
    {
        // TODO(sandbox-aux): ProtobufEnvelope.TryDecode is being written in ApiServer/Protobuf/; wired here once it lands.
        _ = body;
        throw ApiException.UnsupportedMediaType(contentType);
    }
}

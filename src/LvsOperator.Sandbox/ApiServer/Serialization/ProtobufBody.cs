using System.Text.Json.Nodes;
using LvsOperator.Sandbox.ApiServer.Endpoints;
using LvsOperator.Sandbox.ApiServer.Protobuf;

namespace LvsOperator.Sandbox.ApiServer.Serialization;

/// <summary>Request bodies in the Kubernetes protobuf envelope ("k8s\0" + runtime.Unknown), as helm sends release Secrets.</summary>
internal static class ProtobufBody
{
    public static JsonObject Decode(ReadOnlySpan<byte> body, string contentType) =>
        ProtobufEnvelope.TryDecode(body, out var obj, out var error) && obj is not null
            ? obj
            : throw new ApiException(415, "UnsupportedMediaType", $"{error} (content type {contentType}; send application/json instead)");
}

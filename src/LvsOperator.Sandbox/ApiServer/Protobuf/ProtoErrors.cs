namespace LvsOperator.Sandbox.ApiServer.Protobuf;

internal static class ProtoErrors
{
    public static string Malformed(string message, int fieldNumber) =>
        $"malformed protobuf: {message} field {fieldNumber} is truncated, has the wrong wire type or an invalid value";

    public static string MalformedTag(string message) =>
        $"malformed protobuf: {message} has a truncated or invalid field tag";
}

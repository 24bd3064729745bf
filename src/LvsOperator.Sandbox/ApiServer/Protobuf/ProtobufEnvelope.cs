using System.Text.Json;
using System.Text.Json.Nodes;

namespace LvsOperator.Sandbox.ApiServer.Protobuf;

/// <summary>
/// Kubernetes' protobuf wire format for request bodies: the 4-byte magic "k8s\0", then runtime.Unknown
/// {1: TypeMeta {1: apiVersion, 2: kind}, 2: raw, 3: contentEncoding, 4: contentType}, where raw is the
/// object's own protobuf. Generated client-go clientsets (and so helm's release Secrets) send this by
/// default; only the kinds such clients write are decoded, into the JSON the JSON API would carry.
/// </summary>
public static class ProtobufEnvelope
{
    public const string MediaType = "application/vnd.kubernetes.protobuf";

    private static ReadOnlySpan<byte> Magic => "k8s\0"u8;

    /// <summary>True for application/vnd.kubernetes.protobuf with or without parameters (e.g. ;stream=watch).</summary>
    public static bool IsProtobuf(string? contentType)
    {
        if (string.IsNullOrWhiteSpace(contentType))
        {
            return false;
        }

        var semicolon = contentType.IndexOf(';', StringComparison.Ordinal);
        var media = (semicolon < 0 ? contentType : contentType[..semicolon]).AsSpan().Trim();
        return media.Equals(MediaType, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// Decodes an enveloped object into its JSON form. Returns false with a message fit for a 415/400
    /// Status when the bytes are malformed or the kind is not one this server can decode; never throws.
    /// </summary>
    public static bool TryDecode(ReadOnlySpan<byte> body, out JsonObject? obj, out string? error)
    {
        obj = null;
        if (!body.StartsWith(Magic))
        {
            error = "protobuf body does not start with the Kubernetes magic prefix \"k8s\\0\"";
            return false;
        }

        var message = body[Magic.Length..];
        if (!TryReadUnknown(message, out var unknown, out error))
        {
            return false;
        }

        var raw = message.Slice(unknown.RawStart, unknown.RawLength);

        if (unknown.Kind.Length == 0)
        {
            error = "protobuf envelope carries no kind in its typeMeta";
            return false;
        }

        if (unknown.ContentEncoding.Length != 0)
        {
            error = $"protobuf envelope contentEncoding \"{unknown.ContentEncoding}\" is not supported";
            return false;
        }

        if (unknown.ContentType.Length != 0 && !IsProtobuf(unknown.ContentType))
        {
            return TryDecodeJsonRaw(unknown, raw, out obj, out error);
        }

        var decoded = new JsonObject
        {
            ["apiVersion"] = unknown.ApiVersion,
            ["kind"] = unknown.Kind,
        };
        if (!TryDecodeKind(unknown.ApiVersion, unknown.Kind, raw, decoded, out error))
        {
            return false;
        }

        obj = decoded;
        return true;
    }

    private static bool TryDecodeKind(
        string apiVersion, string kind, ReadOnlySpan<byte> raw, JsonObject target, out string? error)
    {
        // DeleteOptions is registered in every group version, so any apiVersion is accepted for it.
        if (kind == "DeleteOptions")
        {
            return DeleteOptionsDecoder.TryDecode(raw, target, out error);
        }

        if (apiVersion == "v1")
        {
            switch (kind)
            {
                case "Secret":
                    return SecretDecoder.TryDecode(raw, target, out error);
                case "ConfigMap":
                    return ConfigMapDecoder.TryDecode(raw, target, out error);
            }
        }

        error = $"protobuf decoding of {apiVersion}/{kind} is not supported by the sandbox API server; "
            + "send it as application/json";
        return false;
    }

    private static bool TryDecodeJsonRaw(
        in UnknownEnvelope unknown, ReadOnlySpan<byte> raw, out JsonObject? obj, out string? error)
    {
        obj = null;
        if (!unknown.ContentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
        {
            error = $"protobuf envelope contentType \"{unknown.ContentType}\" is not supported";
            return false;
        }

        try
        {
            if (JsonNode.Parse(raw) is not JsonObject parsed)
            {
                error = "protobuf envelope raw JSON is not an object";
                return false;
            }

            parsed["apiVersion"] ??= unknown.ApiVersion;
            parsed["kind"] ??= unknown.Kind;
            obj = parsed;
            error = null;
            return true;
        }
        catch (JsonException ex)
        {
            error = $"protobuf envelope raw JSON is invalid: {ex.Message}";
            return false;
        }
    }

    private static bool TryReadUnknown(ReadOnlySpan<byte> message, out UnknownEnvelope unknown, out string? error)
    {
        unknown = new UnknownEnvelope();
        error = null;
        var reader = new ProtoReader(message);
        while (!reader.IsAtEnd)
        {
            if (!reader.TryReadTag(out var field, out var wireType))
            {
                error = ProtoErrors.MalformedTag("runtime.Unknown");
                return false;
            }

            bool ok;
            switch (field)
            {
                case 1:
                    ok = ProtoFields.TryReadBytes(ref reader, wireType, out var typeMeta)
                        && TryReadTypeMeta(typeMeta, ref unknown);
                    break;
                case 2:
                    ok = ProtoFields.TryReadBytes(ref reader, wireType, out var raw);
                    unknown.RawStart = reader.Position - raw.Length;
                    unknown.RawLength = raw.Length;
                    break;
                case 3:
                    ok = ProtoFields.TryReadString(ref reader, wireType, out var encoding);
                    unknown.ContentEncoding = encoding;
                    break;
                case 4:
                    ok = ProtoFields.TryReadString(ref reader, wireType, out var contentType);
                    unknown.ContentType = contentType;
                    break;
                default:
                    ok = reader.TrySkip(wireType);
                    break;
            }

            if (!ok)
            {
                error = ProtoErrors.Malformed(field == 1 ? "runtime.TypeMeta" : "runtime.Unknown", field);
                return false;
            }
        }

        return true;
    }

    private static bool TryReadTypeMeta(ReadOnlySpan<byte> message, ref UnknownEnvelope unknown)
    {
        var reader = new ProtoReader(message);
        while (!reader.IsAtEnd)
        {
            if (!reader.TryReadTag(out var field, out var wireType))
            {
                return false;
            }

            string value;
            bool ok;
            switch (field)
            {
                case 1:
                    ok = ProtoFields.TryReadString(ref reader, wireType, out value);
                    unknown.ApiVersion = value;
                    break;
                case 2:
                    ok = ProtoFields.TryReadString(ref reader, wireType, out value);
                    unknown.Kind = value;
                    break;
                default:
                    ok = reader.TrySkip(wireType);
                    break;
            }

            if (!ok)
            {
                return false;
            }
        }

        return true;
    }

    private struct UnknownEnvelope
    {
        public UnknownEnvelope()
        {
        }

        public string ApiVersion { get; set; } = string.Empty;

        public string Kind { get; set; } = string.Empty;

        public int RawStart { get; set; }

        public int RawLength { get; set; }

        public string ContentEncoding { get; set; } = string.Empty;

        public string ContentType { get; set; } = string.Empty;
    }
}

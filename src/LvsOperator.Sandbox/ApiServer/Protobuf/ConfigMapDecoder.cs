using System.Text.Json.Nodes;

namespace LvsOperator.Sandbox.ApiServer.Protobuf;

/// <summary>core/v1 ConfigMap: metadata=1, map&lt;string,string&gt; data=2, map&lt;string,bytes&gt; binaryData=3, immutable=4.</summary>
internal static class ConfigMapDecoder
{
    public static bool TryDecode(ReadOnlySpan<byte> message, JsonObject configMap, out string? error)
    {
        error = null;
        var reader = new ProtoReader(message);
        while (!reader.IsAtEnd)
        {
            if (!reader.TryReadTag(out var field, out var wireType))
            {
                error = ProtoErrors.MalformedTag("ConfigMap");
                return false;
            }

            bool ok;
            switch (field)
            {
                case 1:
                    ok = ProtoFields.TryReadBytes(ref reader, wireType, out var meta)
                        && ObjectMetaDecoder.TryDecode(meta, ObjectMetaDecoder.Map(configMap, "metadata"), out error);
                    break;
                case 2:
                    ok = ObjectMetaDecoder.TryStringMapEntry(ref reader, wireType, configMap, "data");
                    break;
                case 3:
                    ok = ProtoFields.TryReadMapEntry(ref reader, wireType, out var key, out var value);
                    if (ok)
                    {
                        ObjectMetaDecoder.Map(configMap, "binaryData")[key] = Convert.ToBase64String(value);
                    }

                    break;
                case 4:
                    ok = ProtoFields.TryReadBool(ref reader, wireType, out var immutable);
                    if (ok)
                    {
                        configMap["immutable"] = immutable;
                    }

                    break;
                default:
                    ok = reader.TrySkip(wireType);
                    break;
            }

            if (!ok)
            {
                error ??= ProtoErrors.Malformed("ConfigMap", field);
                return false;
            }
        }

        return true;
    }
}

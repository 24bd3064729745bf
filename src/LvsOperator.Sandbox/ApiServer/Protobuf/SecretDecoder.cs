using System.Text.Json.Nodes;

namespace LvsOperator.Sandbox.ApiServer.Protobuf;

/// <summary>core/v1 Secret: metadata=1, map&lt;string,bytes&gt; data=2, type=3, map&lt;string,string&gt; stringData=4, immutable=5.</summary>
internal static class SecretDecoder
{
    public static bool TryDecode(ReadOnlySpan<byte> message, JsonObject secret, out string? error)
    {
        error = null;
        var reader = new ProtoReader(message);
        while (!reader.IsAtEnd)
        {
            if (!reader.TryReadTag(out var field, out var wireType))
            {
                error = ProtoErrors.MalformedTag("Secret");
                return false;
            }

            bool ok;
            switch (field)
            {
                case 1:
                    ok = ProtoFields.TryReadBytes(ref reader, wireType, out var meta)
                        && ObjectMetaDecoder.TryDecode(meta, ObjectMetaDecoder.Map(secret, "metadata"), out error);
                    break;
                case 2:
                    ok = ProtoFields.TryReadMapEntry(ref reader, wireType, out var key, out var value);
                    if (ok)
                    {
                        // []byte in Go's JSON is standard base64, exactly what the JSON API carries.
                        ObjectMetaDecoder.Map(secret, "data")[key] = Convert.ToBase64String(value);
                    }

                    break;
                case 3:
                    ok = ObjectMetaDecoder.TryString(ref reader, wireType, secret, "type");
                    break;
                case 4:
                    ok = ObjectMetaDecoder.TryStringMapEntry(ref reader, wireType, secret, "stringData");
                    break;
                case 5:
                    ok = ProtoFields.TryReadBool(ref reader, wireType, out var immutable);
                    if (ok)
                    {
                        secret["immutable"] = immutable;
                    }

                    break;
                default:
                    ok = reader.TrySkip(wireType);
                    break;
            }

            if (!ok)
            {
                error ??= ProtoErrors.Malformed("Secret", field);
                return false;
            }
        }

        return true;
    }
}

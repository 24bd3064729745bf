using System.Text.Json.Nodes;

namespace LvsOperator.Sandbox.ApiServer.Protobuf;

/// <summary>
/// meta/v1 DeleteOptions: gracePeriodSeconds=1, preconditions=2 (Preconditions {uid=1, resourceVersion=2}),
/// orphanDependents=3, propagationPolicy=4, repeated dryRun=5. All optional fields are pointers in Go,
/// so presence on the wire means presence in JSON, zero values included.
/// </summary>
internal static class DeleteOptionsDecoder
{
    public static bool TryDecode(ReadOnlySpan<byte> message, JsonObject options, out string? error)
    {
        error = null;
        var reader = new ProtoReader(message);
        while (!reader.IsAtEnd)
        {
            if (!reader.TryReadTag(out var field, out var wireType))
            {
                error = ProtoErrors.MalformedTag("DeleteOptions");
                return false;
            }

            bool ok;
            switch (field)
            {
                case 1:
                    ok = ObjectMetaDecoder.TryInt64(ref reader, wireType, options, "gracePeriodSeconds", omitZero: false);
                    break;
                case 2:
                    ok = ProtoFields.TryReadBytes(ref reader, wireType, out var preconditions)
                        && TryDecodePreconditions(preconditions, ObjectMetaDecoder.Map(options, "preconditions"));
                    break;
                case 3:
                    ok = ProtoFields.TryReadBool(ref reader, wireType, out var orphan);
                    if (ok)
                    {
                        options["orphanDependents"] = orphan;
                    }

                    break;
                case 4:
                    ok = ProtoFields.TryReadString(ref reader, wireType, out var policy);
                    if (ok)
                    {
                        options["propagationPolicy"] = policy;
                    }

                    break;
                case 5:
                    ok = ProtoFields.TryReadString(ref reader, wireType, out var dryRun);
                    if (ok)
                    {
                        ObjectMetaDecoder.Array(options, "dryRun").Add(dryRun);
                    }

                    break;
                default:
                    ok = reader.TrySkip(wireType);
                    break;
            }

            if (!ok)
            {
                error ??= ProtoErrors.Malformed("DeleteOptions", field);
                return false;
            }
        }

        return true;
    }

    private static bool TryDecodePreconditions(ReadOnlySpan<byte> message, JsonObject preconditions)
    {
        var reader = new ProtoReader(message);
        while (!reader.IsAtEnd)
        {
            if (!reader.TryReadTag(out var field, out var wireType))
            {
                return false;
            }

            string value;
            var ok = field switch
            {
                1 => ProtoFields.TryReadString(ref reader, wireType, out value) && Set(preconditions, "uid", value),
                2 => ProtoFields.TryReadString(ref reader, wireType, out value)
                    && Set(preconditions, "resourceVersion", value),
                _ => reader.TrySkip(wireType),
            };
            if (!ok)
            {
                return false;
            }
        }

        return true;
    }

    private static bool Set(JsonObject target, string name, string value)
    {
        target[name] = value;
        return true;
    }
}

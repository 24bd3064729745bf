using System.Text.Json.Nodes;

namespace LvsOperator.Sandbox.ApiServer.Protobuf;

/// <summary>
/// meta/v1 ObjectMeta (k8s.io/apimachinery/pkg/apis/meta/v1/generated.proto). Go's marshaller writes
/// every non-pointer field, even when empty; the JSON API omits empty ones, so do we.
/// </summary>
internal static class ObjectMetaDecoder
{
    public static bool TryDecode(ReadOnlySpan<byte> message, JsonObject metadata, out string? error)
    {
        error = null;
        var reader = new ProtoReader(message);
        while (!reader.IsAtEnd)
        {
            if (!reader.TryReadTag(out var field, out var wireType))
            {
                error = ProtoErrors.MalformedTag("ObjectMeta");
                return false;
            }

            if (!TryReadField(ref reader, field, wireType, metadata, out error))
            {
                error ??= ProtoErrors.Malformed("ObjectMeta", field);
                return false;
            }
        }

        return true;
    }

    private static bool TryReadField(
        scoped ref ProtoReader reader, int field, ProtoWireType wireType, JsonObject metadata, out string? error)
    {
        error = null;
        switch (field)
        {
            case 1: return TryString(ref reader, wireType, metadata, "name");
            case 2: return TryString(ref reader, wireType, metadata, "generateName");
            case 3: return TryString(ref reader, wireType, metadata, "namespace");
            case 4: return TryString(ref reader, wireType, metadata, "selfLink");
            case 5: return TryString(ref reader, wireType, metadata, "uid");
            case 6: return TryString(ref reader, wireType, metadata, "resourceVersion");
            case 7: return TryInt64(ref reader, wireType, metadata, "generation", omitZero: true);
            case 8: return TryTime(ref reader, wireType, metadata, "creationTimestamp");
            case 9: return TryTime(ref reader, wireType, metadata, "deletionTimestamp");
            case 10: return TryInt64(ref reader, wireType, metadata, "deletionGracePeriodSeconds", omitZero: false);
            case 11: return TryStringMapEntry(ref reader, wireType, metadata, "labels");
            case 12: return TryStringMapEntry(ref reader, wireType, metadata, "annotations");
            case 13:
                {
                    var owner = new JsonObject();
                    if (!ProtoFields.TryReadBytes(ref reader, wireType, out var bytes)
                        || !OwnerReferenceDecoder.TryDecode(bytes, owner, out error))
                    {
                        return false;
                    }

                    Array(metadata, "ownerReferences").Add(owner);
                    return true;
                }

            case 14:
                {
                    if (!ProtoFields.TryReadString(ref reader, wireType, out var finalizer))
                    {
                        return false;
                    }

                    Array(metadata, "finalizers").Add(finalizer);
                    return true;
                }

            case 17:
                {
                    var entry = new JsonObject();
                    if (!ProtoFields.TryReadBytes(ref reader, wireType, out var bytes)
                        || !ManagedFieldsEntryDecoder.TryDecode(bytes, entry, out error))
                    {
                        return false;
                    }

                    Array(metadata, "managedFields").Add(entry);
                    return true;
                }

            default:
                // 15 was clusterName (removed); unknown fields are skipped like any protobuf reader does.
                return reader.TrySkip(wireType);
        }
    }

    internal static bool TryString(scoped ref ProtoReader reader, ProtoWireType wireType, JsonObject target, string name)
    {
        if (!ProtoFields.TryReadString(ref reader, wireType, out var value))
        {
            return false;
        }

        if (value.Length == 0)
        {
            target.Remove(name);
        }
        else
        {
            target[name] = value;
        }

        return true;
    }

    internal static bool TryInt64(
        scoped ref ProtoReader reader, ProtoWireType wireType, JsonObject target, string name, bool omitZero)
    {
        if (!ProtoFields.TryReadInt64(ref reader, wireType, out var value))
        {
            return false;
        }

        if (omitZero && value == 0)
        {
            target.Remove(name);
        }
        else
        {
            target[name] = value;
        }

        return true;
    }

    internal static bool TryTime(scoped ref ProtoReader reader, ProtoWireType wireType, JsonObject target, string name)
    {
        if (!ProtoFields.TryReadBytes(ref reader, wireType, out var bytes) || !ProtoTime.TryDecode(bytes, out var time))
        {
            return false;
        }

        if (time is null)
        {
            target.Remove(name);
        }
        else
        {
            target[name] = time;
        }

        return true;
    }

    internal static bool TryStringMapEntry(
        scoped ref ProtoReader reader, ProtoWireType wireType, JsonObject target, string name)
    {
        if (!ProtoFields.TryReadMapEntry(ref reader, wireType, out var key, out var valueBytes)
            || !ProtoFields.TryGetString(valueBytes, out var value))
        {
            return false;
        }

        Map(target, name)[key] = value;
        return true;
    }

    internal static JsonObject Map(JsonObject target, string name)
    {
        if (target[name] is JsonObject existing)
        {
            return existing;
        }

        var created = new JsonObject();
        target[name] = created;
        return created;
    }

    internal static JsonArray Array(JsonObject target, string name)
    {
        if (target[name] is JsonArray existing)
        {
            return existing;
        }

        var created = new JsonArray();
        target[name] = created;
        return created;
    }
}

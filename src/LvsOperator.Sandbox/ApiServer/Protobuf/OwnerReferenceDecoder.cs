using System.Text.Json.Nodes;

namespace LvsOperator.Sandbox.ApiServer.Protobuf;

/// <summary>meta/v1 OwnerReference: kind=1, name=3, uid=4, apiVersion=5, controller=6, blockOwnerDeletion=7.</summary>
internal static class OwnerReferenceDecoder
{
    public static bool TryDecode(ReadOnlySpan<byte> message, JsonObject owner, out string? error)
    {
        error = null;

        // These four are required (no omitempty) in the JSON form, so they appear even when empty.
        var apiVersion = string.Empty;
        var kind = string.Empty;
        var name = string.Empty;
        var uid = string.Empty;
        bool? controller = null;
        bool? blockOwnerDeletion = null;

        var reader = new ProtoReader(message);
        while (!reader.IsAtEnd)
        {
            if (!reader.TryReadTag(out var field, out var wireType))
            {
                error = ProtoErrors.MalformedTag("OwnerReference");
                return false;
            }

            bool flag;
            var ok = field switch
            {
                1 => ProtoFields.TryReadString(ref reader, wireType, out kind),
                3 => ProtoFields.TryReadString(ref reader, wireType, out name),
                4 => ProtoFields.TryReadString(ref reader, wireType, out uid),
                5 => ProtoFields.TryReadString(ref reader, wireType, out apiVersion),
                6 => ProtoFields.TryReadBool(ref reader, wireType, out flag) && Assign(out controller, flag),
                7 => ProtoFields.TryReadBool(ref reader, wireType, out flag) && Assign(out blockOwnerDeletion, flag),
                _ => reader.TrySkip(wireType),
            };
            if (!ok)
            {
                error = ProtoErrors.Malformed("OwnerReference", field);
                return false;
            }
        }

        owner["apiVersion"] = apiVersion;
        owner["kind"] = kind;
        owner["name"] = name;
        owner["uid"] = uid;
        if (controller is { } c)
        {
            owner["controller"] = c;
        }

        if (blockOwnerDeletion is { } b)
        {
            owner["blockOwnerDeletion"] = b;
        }

        return true;
    }

    private static bool Assign(out bool? target, bool value)
    {
        target = value;
        return true;
    }
}

using System.Text.Json;
using System.Text.Json.Nodes;

namespace LvsOperator.Sandbox.ApiServer.Protobuf;

/// <summary>
/// meta/v1 ManagedFieldsEntry: manager=1, operation=2, apiVersion=3, time=4, fieldsType=6,
/// fieldsV1=7 (FieldsV1 {1: raw JSON}), subresource=8.
/// </summary>
internal static class ManagedFieldsEntryDecoder
{
    public static bool TryDecode(ReadOnlySpan<byte> message, JsonObject entry, out string? error)
    {
        error = null;
        var reader = new ProtoReader(message);
        while (!reader.IsAtEnd)
        {
            if (!reader.TryReadTag(out var field, out var wireType))
            {
                error = ProtoErrors.MalformedTag("ManagedFieldsEntry");
                return false;
            }

            var ok = field switch
            {
                1 => ObjectMetaDecoder.TryString(ref reader, wireType, entry, "manager"),
                2 => ObjectMetaDecoder.TryString(ref reader, wireType, entry, "operation"),
                3 => ObjectMetaDecoder.TryString(ref reader, wireType, entry, "apiVersion"),
                4 => ObjectMetaDecoder.TryTime(ref reader, wireType, entry, "time"),
                6 => ObjectMetaDecoder.TryString(ref reader, wireType, entry, "fieldsType"),
                7 => TryFieldsV1(ref reader, wireType, entry),
                8 => ObjectMetaDecoder.TryString(ref reader, wireType, entry, "subresource"),
                _ => reader.TrySkip(wireType),
            };
            if (!ok)
            {
                error = ProtoErrors.Malformed("ManagedFieldsEntry", field);
                return false;
            }
        }

        return true;
    }

    private static bool TryFieldsV1(scoped ref ProtoReader reader, ProtoWireType wireType, JsonObject entry)
    {
        if (!ProtoFields.TryReadBytes(ref reader, wireType, out var message))
        {
            return false;
        }

        var raw = message[..0];
        var fieldsReader = new ProtoReader(message);
        while (!fieldsReader.IsAtEnd)
        {
            if (!fieldsReader.TryReadTag(out var field, out var fieldWireType))
            {
                return false;
            }

            var ok = field == 1
                ? ProtoFields.TryReadBytes(ref fieldsReader, fieldWireType, out raw)
                : fieldsReader.TrySkip(fieldWireType);
            if (!ok)
            {
                return false;
            }
        }

        if (raw.IsEmpty)
        {
            entry["fieldsV1"] = new JsonObject();
            return true;
        }

        // The trie is JSON text carried as bytes. System.Text.Json has no Try-parse, so the one
        // exception it can throw for bad text is contained here.
        try
        {
            if (JsonNode.Parse(raw) is not JsonObject trie)
            {
                return false;
            }

            entry["fieldsV1"] = trie;
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}

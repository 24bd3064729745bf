using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;
using System.Text.Unicode;

namespace LvsOperator.Api.Serialization;

/// <summary>
/// Decodes a config file as strict UTF-8. An invalid sequence is an error with its line, column and byte offset, never a
/// silently substituted U+FFFD: a replaced byte inside a name or a comment would still parse, and the file would mean
/// something its author did not write. A leading byte order mark is dropped, as YAML allows.
/// </summary>
public static class Utf8Text
{
    private static ReadOnlySpan<byte> ByteOrderMark => [0xEF, 0xBB, 0xBF];

    public static bool TryDecode(ReadOnlySpan<byte> bytes, out string text, [NotNullWhen(false)] out string? problem)
    {
        var body = bytes.StartsWith(ByteOrderMark) ? bytes[ByteOrderMark.Length..] : bytes;
        if (Utf8.IsValid(body))
        {
            text = Encoding.UTF8.GetString(body);
            problem = null;
            return true;
        }

        text = "";
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) || bytes.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
        {
            problem = "the file is UTF-16 (it starts with a UTF-16 byte order mark); save it as UTF-8";
            return false;
        }

        var invalid = FirstInvalid(body);
        var before = body[..invalid];
        var lineStart = before.LastIndexOf((byte)'\n') + 1;
        var line = before.Count((byte)'\n') + 1;
        var column = CountCharacters(before[lineStart..]) + 1;
        var offset = bytes.Length - body.Length + invalid; // in the file, byte order mark included
        problem = string.Create(CultureInfo.InvariantCulture,
            $"not valid UTF-8: byte 0x{body[invalid]:X2} at line {line}, column {column} (byte offset {offset}) does not belong to a UTF-8 character");
        return false;
    }

    private static int FirstInvalid(ReadOnlySpan<byte> bytes)
    {
        var offset = 0;
        while (Rune.DecodeFromUtf8(bytes[offset..], out _, out var consumed) == System.Buffers.OperationStatus.Done)
        {
            offset += consumed;
        }

        return offset;
    }

    // Characters, not bytes: a column counts what an editor shows. Continuation bytes are 10xxxxxx.
    private static int CountCharacters(ReadOnlySpan<byte> utf8)
    {
        var count = 0;
        foreach (var b in utf8)
        {
            if ((b & 0xC0) != 0x80)
            {
                count++;
            }
        }

        return count;
    }
}

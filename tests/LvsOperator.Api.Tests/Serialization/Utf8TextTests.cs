using System.Text;
using LvsOperator.Api.Serialization;

namespace LvsOperator.Api.Tests.Serialization;

public sealed class Utf8TextTests
{
    [Fact]
    public void Decodes_utf8_and_drops_a_byte_order_mark()
    {
        byte[] bytes = [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes("name: café\n")];

        Assert.True(Utf8Text.TryDecode(bytes, out var text, out var problem));

        Assert.Equal("name: café\n", text);
        Assert.Null(problem);
    }

    [Theory]
    [InlineData(new byte[] { 0x61, 0x0A, 0x62, 0x0A, 0x63, 0x64, 0xFF, 0x0A }, "byte 0xFF at line 3, column 3 (byte offset 6)")]
    [InlineData(new byte[] { 0xC3, 0xA9, 0xC3, 0xA9, 0x80 }, "byte 0x80 at line 1, column 3 (byte offset 4)")] // é é then a stray continuation byte
    [InlineData(new byte[] { 0x6E, 0x3A, 0x20, 0xE2, 0x82 }, "byte 0xE2 at line 1, column 4 (byte offset 3)")] // a character cut off at the end
    [InlineData(new byte[] { 0xEF, 0xBB, 0xBF, 0x78, 0xC0, 0xAF }, "byte 0xC0 at line 1, column 2 (byte offset 4)")] // an overlong '/' after a BOM
    [InlineData(new byte[] { 0xED, 0xA0, 0x80 }, "byte 0xED at line 1, column 1 (byte offset 0)")] // a UTF-16 surrogate encoded as UTF-8
    public void An_invalid_sequence_is_an_error_with_its_position_not_a_replacement_character(byte[] bytes, string where)
    {
        Assert.False(Utf8Text.TryDecode(bytes, out _, out var problem));

        Assert.Equal($"not valid UTF-8: {where} does not belong to a UTF-8 character", problem);
    }

    [Fact]
    public void A_utf16_file_is_named_as_such()
    {
        Assert.False(Utf8Text.TryDecode(Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes("kind: x")).ToArray(), out _, out var problem));

        Assert.Contains("UTF-16", problem, StringComparison.Ordinal);
    }
}

using System.Text;

namespace LvsOperator.Sandbox.Tests.ApiServer.Protobuf;

/// <summary>A tiny protobuf encoder so tests can hand-build messages field by field.</summary>
internal sealed class ProtoWriter
{
    private readonly List<byte> _bytes = [];

    public ProtoWriter Varint(int field, ulong value) => Tag(field, 0).RawVarint(value);

    public ProtoWriter Int64(int field, long value) => Varint(field, unchecked((ulong)value));

    public ProtoWriter Bool(int field, bool value) => Varint(field, value ? 1UL : 0UL);

    public ProtoWriter Bytes(int field, byte[] value)
    {
        Tag(field, 2).RawVarint((ulong)value.Length);
        _bytes.AddRange(value);
        return this;
    }

    public ProtoWriter String(int field, string value) => Bytes(field, Encoding.UTF8.GetBytes(value));

    public ProtoWriter Message(int field, Action<ProtoWriter> build)
    {
        var inner = new ProtoWriter();
        build(inner);
        return Bytes(field, inner.ToArray());
    }

    public ProtoWriter MapEntry(int field, string key, byte[] value) =>
        Message(field, e => e.String(1, key).Bytes(2, value));

    public ProtoWriter MapEntry(int field, string key, string value) =>
        MapEntry(field, key, Encoding.UTF8.GetBytes(value));

    public ProtoWriter Fixed32(int field, uint value)
    {
        Tag(field, 5);
        _bytes.AddRange(BitConverter.GetBytes(value));
        return this;
    }

    public ProtoWriter Raw(params byte[] bytes)
    {
        _bytes.AddRange(bytes);
        return this;
    }

    public ProtoWriter Tag(int field, int wireType) => RawVarint(((ulong)field << 3) | (uint)wireType);

    public byte[] ToArray() => [.. _bytes];

    /// <summary>"k8s\0" + runtime.Unknown around an already encoded object.</summary>
    public static byte[] Envelope(
        string apiVersion, string kind, byte[] raw, string contentEncoding = "", string contentType = "")
    {
        var unknown = new ProtoWriter()
            .Message(1, t => t.String(1, apiVersion).String(2, kind))
            .Bytes(2, raw)
            .String(3, contentEncoding)
            .String(4, contentType)
            .ToArray();
        return [.. "k8s\0"u8.ToArray(), .. unknown];
    }

    private ProtoWriter RawVarint(ulong value)
    {
        while (value >= 0x80)
        {
            _bytes.Add((byte)(value | 0x80));
            value >>= 7;
        }

        _bytes.Add((byte)value);
        return this;
    }
}

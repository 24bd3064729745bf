namespace LvsOperator.Sandbox.ApiServer.Protobuf;

/// <summary>
/// Forward-only reader over one protobuf message. Every method says no instead of throwing, so a
/// truncated or hostile request body can never take the API server down.
/// </summary>
internal ref struct ProtoReader
{
    private readonly ReadOnlySpan<byte> _buffer;
    private int _position;

    public ProtoReader(ReadOnlySpan<byte> buffer)
    {
        _buffer = buffer;
        _position = 0;
    }

    public readonly bool IsAtEnd => _position >= _buffer.Length;

    public readonly int Position => _position;

    public bool TryReadTag(out int fieldNumber, out ProtoWireType wireType)
    {
        fieldNumber = 0;
        wireType = default;
        if (!TryReadVarint(out var tag))
        {
            return false;
        }

        // Field numbers are at most 2^29-1; zero is reserved and never valid on the wire.
        var number = tag >> 3;
        if (number == 0 || number > 0x1FFF_FFFF)
        {
            return false;
        }

        fieldNumber = (int)number;
        wireType = (ProtoWireType)(tag & 0x7);
        return true;
    }

    public bool TryReadVarint(out ulong value)
    {
        value = 0;
        var shift = 0;
        for (var i = 0; i < 10; i++)
        {
            if (_position >= _buffer.Length)
            {
                return false;
            }

            var b = _buffer[_position++];
            if (i == 9 && b > 1)
            {
                return false; // more than 64 bits
            }

            value |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                return true;
            }

            shift += 7;
        }

        return false;
    }

    public bool TryReadLengthDelimited(out ReadOnlySpan<byte> value)
    {
        value = default;
        if (!TryReadVarint(out var length) || length > (ulong)(_buffer.Length - _position))
        {
            return false;
        }

        value = _buffer.Slice(_position, (int)length);
        _position += (int)length;
        return true;
    }

    /// <summary>Skips a field this decoder does not know, as protobuf readers must.</summary>
    public bool TrySkip(ProtoWireType wireType)
    {
        switch (wireType)
        {
            case ProtoWireType.Varint:
                return TryReadVarint(out _);
            case ProtoWireType.Fixed64:
                return TryAdvance(8);
            case ProtoWireType.Fixed32:
                return TryAdvance(4);
            case ProtoWireType.LengthDelimited:
                return TryReadLengthDelimited(out _);
            default:
                // Groups are deprecated and never produced by Kubernetes' generated marshallers.
                return false;
        }
    }

    private bool TryAdvance(int count)
    {
        if (_buffer.Length - _position < count)
        {
            return false;
        }

        _position += count;
        return true;
    }
}

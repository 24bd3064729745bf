using LvsOperator.Dataplane.Io.Native;

namespace LvsOperator.Dataplane.Io;

/// <summary>Walks the tpacket3_hdr chain of an <see cref="RxBlock"/> (a struct enumerator: foreach allocates nothing).</summary>
public unsafe struct RxFrameEnumerator
{
    private byte* _next;
    private byte* _current;
    private int _remaining;
    private readonly bool _vnetHeader;

    internal RxFrameEnumerator(byte* first, int count, bool vnetHeader)
    {
        _next = first;
        _current = null;
        _remaining = count;
        _vnetHeader = vnetHeader;
    }

    public readonly RxFrame Current => new(_current, _vnetHeader);

    public bool MoveNext()
    {
        if (_remaining <= 0)
        {
            return false;
        }

        _current = _next;
        _next = _current + *(uint*)(_current + Tpacket3Header.NextOffset);
        _remaining--;
        return true;
    }
}

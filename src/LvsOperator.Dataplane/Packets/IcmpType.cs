namespace LvsOperator.Dataplane.Packets;

/// <summary>ICMPv4 message types (RFC 792) and the codes the director writes or inspects.</summary>
public static class IcmpType
{
    public const byte EchoReply = 0;
    public const byte DestinationUnreachable = 3;
    public const byte SourceQuench = 4;
    public const byte Redirect = 5;
    public const byte EchoRequest = 8;
    public const byte TimeExceeded = 11;
    public const byte ParameterProblem = 12;

    public const byte CodePortUnreachable = 3;
    public const byte CodeFragmentationNeeded = 4;

    /// <summary>Error messages quote the offending packet's header and first 8 L4 bytes (RFC 792, RFC 1812 4.3.2.3).</summary>
    public static bool IsError(byte type) =>
        type is DestinationUnreachable or SourceQuench or TimeExceeded or ParameterProblem;
}

using System.Globalization;
using System.Text.Json;
using System.Text.Unicode;
using LvsOperator.Agent.Metrics;
using LvsOperator.Api.AgentApi;
using LvsOperator.Dataplane.Connections;

namespace LvsOperator.Agent.Http;

/// <summary>
/// One <see cref="ConnectionDocument"/> written straight from a <see cref="ConnectionSnapshot"/>, field for field in the
/// record's names and order, without making the record or its strings: a listing of a million rows would otherwise
/// make some 600 MB of garbage, and the collections it causes stop the forwarder thread too. The endpoints are
/// formatted into a stack buffer; protocol and state names are constants. A test holds this to the record's own
/// serialization, byte for byte.
/// </summary>
internal static class ConnectionRowWriter
{
    private static readonly JsonEncodedText Protocol = JsonEncodedText.Encode("protocol");
    private static readonly JsonEncodedText Client = JsonEncodedText.Encode("client");
    private static readonly JsonEncodedText Virtual = JsonEncodedText.Encode("virtual");
    private static readonly JsonEncodedText Real = JsonEncodedText.Encode("real");
    private static readonly JsonEncodedText State = JsonEncodedText.Encode("state");
    private static readonly JsonEncodedText ExpiresInSeconds = JsonEncodedText.Encode("expiresInSeconds");
    private static readonly JsonEncodedText PacketsIn = JsonEncodedText.Encode("packetsIn");
    private static readonly JsonEncodedText PacketsOut = JsonEncodedText.Encode("packetsOut");
    private static readonly JsonEncodedText BytesIn = JsonEncodedText.Encode("bytesIn");
    private static readonly JsonEncodedText BytesOut = JsonEncodedText.Encode("bytesOut");

    public static void Write(Utf8JsonWriter json, in ConnectionSnapshot c)
    {
        json.WriteStartObject();
        json.WriteString(Protocol, AgentMetrics.ProtocolName(c.Protocol));
        WriteEndpoint(json, Client, c.ClientAddress, c.ClientPort);
        WriteEndpoint(json, Virtual, c.VirtualAddress, c.VirtualPort);
        WriteEndpoint(json, Real, c.RealAddress, c.RealPort);
        json.WriteString(State, c.StateName);
        json.WriteNumber(ExpiresInSeconds, (int)Math.Ceiling(Math.Max(0, c.ExpiresIn.TotalSeconds)));
        json.WriteNumber(PacketsIn, c.PacketsIn);
        json.WriteNumber(PacketsOut, c.PacketsOut);
        json.WriteNumber(BytesIn, c.BytesIn);
        json.WriteNumber(BytesOut, c.BytesOut);
        json.WriteEndObject();
    }

    /// <summary>"a.b.c.d:port", as Ipv4Format writes the address, at most 21 bytes.</summary>
    private static void WriteEndpoint(Utf8JsonWriter json, JsonEncodedText name, uint address, ushort port)
    {
        Span<byte> text = stackalloc byte[21];
        Utf8.TryWrite(text, CultureInfo.InvariantCulture, $"{address >> 24}.{(address >> 16) & 0xFF}.{(address >> 8) & 0xFF}.{address & 0xFF}:{port}", out int length);
        json.WriteString(name, text[..length]);
    }
}

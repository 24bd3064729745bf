using System.IO.Compression;
using System.Text;
using System.Text.Json.Nodes;
using LvsOperator.Sandbox.ApiServer.Protobuf;

namespace LvsOperator.Sandbox.Tests.ApiServer.Protobuf;

public sealed class ProtobufEnvelopeTests
{
    // 2024-05-06T07:08:09Z
    private const long Seconds = 1_714_979_289;

    [Fact]
    public void Secret_with_every_field_decodes_to_the_json_api_shape()
    {
        var raw = new ProtoWriter()
            .Message(1, m => m
                .String(1, "db").String(2, "").String(3, "prod").String(5, "uid-1").String(6, "42")
                .Int64(7, 3)
                .Message(8, t => t.Int64(1, Seconds).Varint(2, 500))
                .Message(9, t => t.Int64(1, Seconds + 60))
                .Int64(10, 30)
                .MapEntry(11, "app", "web").MapEntry(11, "tier", "db")
                .MapEntry(12, "note", "x")
                .Message(13, o => o.String(1, "Deployment").String(3, "web").String(4, "u-2").String(5, "apps/v1")
                    .Bool(6, true).Bool(7, false))
                .String(14, "example.com/cleanup").String(14, "second")
                .Message(17, f => f.String(1, "helm").String(2, "Apply").String(3, "v1")
                    .Message(4, t => t.Int64(1, Seconds)).String(6, "FieldsV1")
                    .Message(7, v => v.String(1, "{\"f:data\":{}}")).String(8, "status")))
            .MapEntry(2, "password", [0x00, 0xFF, 0x10])
            .String(3, "Opaque")
            .MapEntry(4, "plain", "text")
            .Bool(5, true)
            .ToArray();

        Assert.True(ProtobufEnvelope.TryDecode(ProtoWriter.Envelope("v1", "Secret", raw), out var obj, out var error), error);

        var expected = JsonNode.Parse("""
            {
              "apiVersion": "v1", "kind": "Secret",
              "metadata": {
                "name": "db", "namespace": "prod", "uid": "uid-1", "resourceVersion": "42", "generation": 3,
                "creationTimestamp": "2024-05-06T07:08:09Z", "deletionTimestamp": "2024-05-06T07:09:09Z",
                "deletionGracePeriodSeconds": 30,
                "labels": {"app": "web", "tier": "db"}, "annotations": {"note": "x"},
                "ownerReferences": [{"apiVersion": "apps/v1", "kind": "Deployment", "name": "web", "uid": "u-2",
                                     "controller": true, "blockOwnerDeletion": false}],
                "finalizers": ["example.com/cleanup", "second"],
                "managedFields": [{"manager": "helm", "operation": "Apply", "apiVersion": "v1",
                                   "time": "2024-05-06T07:08:09Z", "fieldsType": "FieldsV1",
                                   "fieldsV1": {"f:data": {}}, "subresource": "status"}]
              },
              "data": {"password": "AP8Q"},
              "type": "Opaque",
              "stringData": {"plain": "text"},
              "immutable": true
            }
            """);
        Assert.True(JsonNode.DeepEquals(expected, obj), obj!.ToJsonString());
        Assert.Null(error);
    }

    [Fact]
    public void Empty_go_defaults_are_omitted_like_the_json_api_does()
    {
        // Go's marshaller writes empty strings, generation 0 and the zero Time as an empty message.
        var raw = new ProtoWriter()
            .Message(1, m => m.String(1, "x").String(2, "").String(3, "").Int64(7, 0).Bytes(8, []))
            .String(3, "")
            .ToArray();

        Assert.True(ProtobufEnvelope.TryDecode(ProtoWriter.Envelope("v1", "Secret", raw), out var obj, out var error), error);

        var expected = JsonNode.Parse("""{"apiVersion":"v1","kind":"Secret","metadata":{"name":"x"}}""");
        Assert.True(JsonNode.DeepEquals(expected, obj), obj!.ToJsonString());
    }

    [Fact]
    public void ConfigMap_decodes_data_binaryData_and_immutable()
    {
        var raw = new ProtoWriter()
            .Message(1, m => m.String(1, "cfg").String(3, "default"))
            .MapEntry(2, "a", "1")
            .MapEntry(3, "bin", [1, 2, 3])
            .Bool(4, false)
            .ToArray();

        Assert.True(ProtobufEnvelope.TryDecode(ProtoWriter.Envelope("v1", "ConfigMap", raw), out var obj, out var error), error);

        var expected = JsonNode.Parse("""
            {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"cfg","namespace":"default"},
             "data":{"a":"1"},"binaryData":{"bin":"AQID"},"immutable":false}
            """);
        Assert.True(JsonNode.DeepEquals(expected, obj), obj!.ToJsonString());
    }

    [Fact]
    public void DeleteOptions_keeps_present_zero_values()
    {
        var raw = new ProtoWriter()
            .Int64(1, 0)
            .Message(2, p => p.String(1, "uid-9").String(2, "7"))
            .Bool(3, false)
            .String(4, "Foreground")
            .String(5, "All")
            .ToArray();

        Assert.True(ProtobufEnvelope.TryDecode(ProtoWriter.Envelope("v1", "DeleteOptions", raw), out var obj, out var error), error);

        var expected = JsonNode.Parse("""
            {"apiVersion":"v1","kind":"DeleteOptions","gracePeriodSeconds":0,
             "preconditions":{"uid":"uid-9","resourceVersion":"7"},"orphanDependents":false,
             "propagationPolicy":"Foreground","dryRun":["All"]}
            """);
        Assert.True(JsonNode.DeepEquals(expected, obj), obj!.ToJsonString());
    }

    [Fact]
    public void Empty_DeleteOptions_without_raw_field_decodes()
    {
        var unknown = new ProtoWriter().Message(1, t => t.String(1, "meta.k8s.io/v1").String(2, "DeleteOptions")).ToArray();
        byte[] body = [.. "k8s\0"u8.ToArray(), .. unknown];

        Assert.True(ProtobufEnvelope.TryDecode(body, out var obj, out var error), error);
        Assert.Equal("""{"apiVersion":"meta.k8s.io/v1","kind":"DeleteOptions"}""", obj!.ToJsonString());
    }

    [Fact]
    public void Helm_release_secret_as_captured_from_helm_v4_decodes()
    {
        Assert.True(ProtobufEnvelope.TryDecode(HelmWireSamples.CreateReleaseSecret, out var obj, out var error), error);

        Assert.Equal("Secret", (string?)obj!["kind"]);
        Assert.Equal("sh.helm.release.v1.cap.v1", (string?)obj["metadata"]!["name"]);
        Assert.Equal("helm.sh/release.v1", (string?)obj["type"]);
        Assert.Equal("pending-install", (string?)obj["metadata"]!["labels"]!["status"]);
        Assert.Null(obj["metadata"]!["creationTimestamp"]);

        // data.release is base64(helm's own base64(gzip(release JSON))): decode it all the way.
        var helmText = Encoding.ASCII.GetString(Convert.FromBase64String((string)obj["data"]!["release"]!));
        using var gzip = new GZipStream(new MemoryStream(Convert.FromBase64String(helmText)), CompressionMode.Decompress);
        var release = JsonNode.Parse(gzip)!;
        Assert.Equal("cap", (string?)release["name"]);
        Assert.Equal("pending-install", (string?)release["info"]!["status"]);
    }

    [Fact]
    public void Helm_release_secret_update_decodes_as_deployed()
    {
        Assert.True(ProtobufEnvelope.TryDecode(HelmWireSamples.UpdateReleaseSecret, out var obj, out var error), error);
        Assert.Equal("deployed", (string?)obj!["metadata"]!["labels"]!["status"]);
        Assert.Null(obj["metadata"]!["resourceVersion"]);
    }

    [Theory]
    [InlineData("apps/v1", "Deployment")]
    [InlineData("v1", "Pod")]
    [InlineData("v2", "Secret")]
    public void Unknown_kind_is_refused_with_a_clear_error(string apiVersion, string kind)
    {
        var body = ProtoWriter.Envelope(apiVersion, kind, new ProtoWriter().Message(1, m => m.String(1, "x")).ToArray());

        Assert.False(ProtobufEnvelope.TryDecode(body, out var obj, out var error));
        Assert.Null(obj);
        Assert.Contains($"{apiVersion}/{kind}", error, StringComparison.Ordinal);
        Assert.Contains("application/json", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Raw_json_content_type_inside_the_envelope_is_parsed()
    {
        var body = ProtoWriter.Envelope("example.com/v1", "Widget", """{"metadata":{"name":"w"}}"""u8.ToArray(),
            contentType: "application/json");

        Assert.True(ProtobufEnvelope.TryDecode(body, out var obj, out var error), error);
        Assert.Equal("Widget", (string?)obj!["kind"]);
        Assert.Equal("w", (string?)obj["metadata"]!["name"]);
    }

    [Fact]
    public void Content_encoding_is_refused()
    {
        var body = ProtoWriter.Envelope("v1", "Secret", [], contentEncoding: "gzip");
        Assert.False(ProtobufEnvelope.TryDecode(body, out _, out var error));
        Assert.Contains("gzip", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("k8s")]
    [InlineData("k8s\u0001")]
    [InlineData("{\"kind\":\"Secret\"}")]
    public void Bad_magic_is_refused(string text)
    {
        Assert.False(ProtobufEnvelope.TryDecode(Encoding.Latin1.GetBytes(text), out var obj, out var error));
        Assert.Null(obj);
        Assert.Contains("magic", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Envelope_without_kind_is_refused()
    {
        var body = ProtoWriter.Envelope("v1", "", []);
        Assert.False(ProtobufEnvelope.TryDecode(body, out _, out var error));
        Assert.Contains("kind", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_truncation_of_a_real_helm_body_is_refused_unless_it_ends_on_an_envelope_field()
    {
        var full = HelmWireSamples.CreateReleaseSecret;
        var decoded = new List<int>();
        for (var length = 0; length < full.Length; length++)
        {
            if (ProtobufEnvelope.TryDecode(full.AsSpan(0, length), out var obj, out var error))
            {
                decoded.Add(length);
                continue;
            }

            Assert.Null(obj);
            Assert.False(string.IsNullOrEmpty(error));
        }

        // A prefix is a well-formed (shorter) Unknown exactly where a top-level field ends: after
        // magic(4) + typeMeta(2 + 12) with no raw yet, and before each of the two trailing empty strings.
        Assert.Equal([18, full.Length - 4, full.Length - 2], decoded);
    }

    [Fact]
    public void Every_truncation_of_a_rich_secret_is_refused_or_decodes_without_throwing()
    {
        var raw = new ProtoWriter()
            .Message(1, m => m.String(1, "db").Message(8, t => t.Int64(1, Seconds)).MapEntry(11, "a", "b")
                .Message(13, o => o.String(1, "K").Bool(6, true))
                .Message(17, f => f.String(1, "m").Message(7, v => v.String(1, "{}"))))
            .MapEntry(2, "k", [1, 2])
            .ToArray();
        var full = ProtoWriter.Envelope("v1", "Secret", raw);

        for (var length = 0; length <= full.Length; length++)
        {
            var ok = ProtobufEnvelope.TryDecode(full.AsSpan(0, length), out var obj, out var error);
            Assert.Equal(ok, obj is not null);
            Assert.Equal(ok, error is null);
        }
    }

    public static TheoryData<string, byte[]> MalformedSecrets => new()
    {
        // name (field 1 of ObjectMeta) sent as a varint
        { "string field as varint", new ProtoWriter().Message(1, m => m.Varint(1, 5)).ToArray() },
        // generation sent as length-delimited
        { "int64 field as bytes", new ProtoWriter().Message(1, m => m.String(7, "3")).ToArray() },
        // immutable as fixed32
        { "bool field as fixed32", new ProtoWriter().Fixed32(5, 1).ToArray() },
        // metadata as a varint
        { "message field as varint", new ProtoWriter().Varint(1, 1).ToArray() },
        // data map entry as a varint
        { "map field as varint", new ProtoWriter().Varint(2, 1).ToArray() },
        // a start-group wire type
        { "group wire type", new ProtoWriter().Tag(9, 3).ToArray() },
        // field number zero
        { "field number zero", new ProtoWriter().Raw(0x02, 0x00).ToArray() },
        // length beyond the buffer
        { "overlong length", new ProtoWriter().Tag(3, 2).Raw(0x7F, 0x41).ToArray() },
        // an 11-byte varint
        { "overlong varint", new ProtoWriter().Tag(9, 0).Raw(0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01).ToArray() },
        // invalid UTF-8 in type
        { "invalid utf-8", new ProtoWriter().Bytes(3, [0xC3, 0x28]).ToArray() },
        // creationTimestamp nanos out of range
        { "nanos out of range", new ProtoWriter().Message(1, m => m.Message(8, t => t.Int64(1, 1).Varint(2, 1_000_000_000))).ToArray() },
        // creationTimestamp seconds past year 9999
        { "seconds out of range", new ProtoWriter().Message(1, m => m.Message(8, t => t.Int64(1, 253_402_300_800))).ToArray() },
        // managedFields fieldsV1 raw that is not JSON
        { "fieldsV1 not json", new ProtoWriter().Message(1, m => m.Message(17, f => f.Message(7, v => v.String(1, "{nope")))).ToArray() },
        // ownerReference controller as bytes
        { "ownerReference bool as bytes", new ProtoWriter().Message(1, m => m.Message(13, o => o.String(6, "t"))).ToArray() },
    };

    [Theory]
    [MemberData(nameof(MalformedSecrets))]
    public void Malformed_secret_is_refused(string why, byte[] raw)
    {
        var ok = ProtobufEnvelope.TryDecode(ProtoWriter.Envelope("v1", "Secret", raw), out var obj, out var error);

        Assert.False(ok, why);
        Assert.Null(obj);
        Assert.StartsWith("malformed protobuf", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_fields_of_every_wire_type_are_skipped()
    {
        var raw = new ProtoWriter()
            .Message(1, m => m.String(1, "x").Varint(99, 7).String(15, "old-clusterName"))
            .Fixed32(50, 1)
            .Tag(51, 1).Raw(1, 2, 3, 4, 5, 6, 7, 8)
            .String(52, "future")
            .ToArray();

        Assert.True(ProtobufEnvelope.TryDecode(ProtoWriter.Envelope("v1", "Secret", raw), out var obj, out var error), error);
        Assert.Equal("""{"apiVersion":"v1","kind":"Secret","metadata":{"name":"x"}}""", obj!.ToJsonString());
    }

    [Theory]
    [InlineData("application/vnd.kubernetes.protobuf", true)]
    [InlineData("application/vnd.kubernetes.protobuf; charset=utf-8", true)]
    [InlineData("Application/VND.Kubernetes.Protobuf;stream=watch", true)]
    [InlineData("application/json", false)]
    [InlineData("application/vnd.kubernetes.protobuf,application/json", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void IsProtobuf_matches_the_media_type_only(string? contentType, bool expected)
    {
        Assert.Equal(expected, ProtobufEnvelope.IsProtobuf(contentType));
    }
}

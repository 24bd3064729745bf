using System.Text.Json;
using LvsOperator.Api.AgentApi;

namespace LvsOperator.Api.Tests.AgentApi;

public sealed class AgentApiJsonContextTests
{
    [Fact]
    public void Writes_camel_case_indented_with_nulls_and_reads_back_what_it_wrote()
    {
        var list = new ConnectionListDocument(1, 4096,
            [new ConnectionDocument("TCP", "198.18.0.2:40000", "198.18.0.100:80", "198.18.1.11:8080", "ESTABLISHED", 899, 5, 4, 400, 900)], 3, true);

        var json = JsonSerializer.Serialize(list, AgentApiJsonContext.Default.ConnectionListDocument);

        Assert.Equal(
            """
            {
              "capacity": 4096,
              "connections": [
                {
                  "protocol": "TCP",
                  "client": "198.18.0.2:40000",
                  "virtual": "198.18.0.100:80",
                  "real": "198.18.1.11:8080",
                  "state": "ESTABLISHED",
                  "expiresInSeconds": 899,
                  "packetsIn": 5,
                  "packetsOut": 4,
                  "bytesIn": 400,
                  "bytesOut": 900
                }
              ],
              "count": 1,
              "total": 3,
              "truncated": true
            }
            """.ReplaceLineEndings("\n"),
            json.ReplaceLineEndings("\n"));
        var read = AgentApiJsonContext.ReadConnections(json);
        Assert.Equal(list.Connections, read.Connections);
        Assert.Equal((1, 4096, 3, true), (read.Count, read.Capacity, read.Total, read.Truncated));
    }

    [Fact]
    public void Services_document_keeps_its_field_names_and_writes_absent_values_as_null()
    {
        var service = new ServiceDocument("UDP", "198.18.0.100", 53, "rr", Persistence: null, VirtualService: null, 0, 2, MidflowPickups: 1,
            new TrafficCounters(2, 2, 2, 120, 300), new TrafficRates(1, 1, 1, 60, 150),
            [new RealServerDocument("198.18.1.11", 5353, "Masq", 1, 0, 2, default, default)]);
        var list = new ServiceListDocument("0.1.0", 1024, 2,
            new ConfigDocument("/etc/lvs/services.yaml", 3, true, null, true, null, null), [service]);

        using var json = JsonDocument.Parse(JsonSerializer.Serialize(list, AgentApiJsonContext.Default.ServiceListDocument));

        var root = json.RootElement;
        Assert.Equal(["version", "connectionTableSize", "connectionCount", "config", "services"], root.EnumerateObject().Select(p => p.Name));
        Assert.Equal(["path", "generation", "applied", "appliedAt", "guardInstalled", "guardError", "lastError", "nodeName"],
            root.GetProperty("config").EnumerateObject().Select(p => p.Name));
        var written = root.GetProperty("services")[0];
        Assert.Equal(JsonValueKind.Null, written.GetProperty("persistence").ValueKind);
        Assert.Equal(120, written.GetProperty("stats").GetProperty("bytesIn").GetInt64());
        Assert.Equal(150, written.GetProperty("rates").GetProperty("outBps").GetInt64());
        Assert.Equal("Masq", written.GetProperty("realServers")[0].GetProperty("forward").GetString());
    }

    [Fact]
    public void A_body_that_is_not_a_document_is_a_json_error()
    {
        Assert.Throws<JsonException>(() => AgentApiJsonContext.ReadServices("null"));
        Assert.Throws<JsonException>(() => AgentApiJsonContext.ReadConnections("{\"count\": \"many\"}"));
    }

    [Fact]
    public void The_default_server_is_the_documented_loopback_port()
    {
        Assert.Equal(new Uri("http://127.0.0.1:9406"), AgentHttpApi.DefaultServer);
    }
}

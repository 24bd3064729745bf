namespace LvsOperator.Cli.Tests.Ipvs;

/// <summary>Fixed /v1 documents, as the agent writes them, for the lvsctl formatting tests.</summary>
internal static class Samples
{
    public const string Services = """
        {
          "version": "0.1.0",
          "connectionTableSize": 1048576,
          "connectionCount": 3,
          "config": { "path": "/etc/lvs/services.yaml", "generation": 2, "applied": true, "lastError": null },
          "services": [
            {
              "protocol": "UDP", "vip": "198.18.0.100", "port": 53, "scheduler": "rr", "persistence": null,
              "stats": { "connections": 2, "packetsIn": 2, "packetsOut": 2, "bytesIn": 120, "bytesOut": 300 },
              "rates": { "cps": 1, "inPps": 1, "outPps": 1, "inBps": 60, "outBps": 150 },
              "realServers": [
                { "ip": "198.18.1.11", "port": 5353, "forward": "Masq", "weight": 1, "activeConnections": 0, "inactiveConnections": 2,
                  "stats": { "connections": 2, "packetsIn": 2, "packetsOut": 2, "bytesIn": 120, "bytesOut": 300 },
                  "rates": { "cps": 1, "inPps": 1, "outPps": 1, "inBps": 60, "outBps": 150 } }
              ]
            },
            {
              "protocol": "TCP", "vip": "198.18.0.100", "port": 80, "scheduler": "rr",
              "persistence": { "timeoutSeconds": 300, "netmask": "255.255.255.0" },
              "stats": { "connections": 1234, "packetsIn": 123456789, "packetsOut": 98765, "bytesIn": 12345678901, "bytesOut": 123456789012345 },
              "rates": { "cps": 12, "inPps": 3400, "outPps": 3300, "inBps": 250000, "outBps": 123456789 },
              "realServers": [
                { "ip": "198.18.1.12", "port": 8080, "forward": "Masq", "weight": 0, "activeConnections": 1, "inactiveConnections": 0,
                  "stats": { "connections": 34, "packetsIn": 56, "packetsOut": 78, "bytesIn": 9000, "bytesOut": 12000 },
                  "rates": { "cps": 0, "inPps": 0, "outPps": 0, "inBps": 0, "outBps": 0 } },
                { "ip": "198.18.1.11", "port": 8080, "forward": "Masq", "weight": 1, "activeConnections": 12, "inactiveConnections": 3,
                  "stats": { "connections": 1200, "packetsIn": 123456733, "packetsOut": 98687, "bytesIn": 12345669901, "bytesOut": 123456789000345 },
                  "rates": { "cps": 12, "inPps": 3400, "outPps": 3300, "inBps": 250000, "outBps": 123456789 } }
              ]
            }
          ]
        }
        """;

    public const string Connections = """
        {
          "count": 3,
          "capacity": 1048576,
          "connections": [
            { "protocol": "TCP", "client": "198.18.0.2:40000", "virtual": "198.18.0.100:80", "real": "198.18.1.11:8080",
              "state": "ESTABLISHED", "expiresInSeconds": 899, "packetsIn": 5, "packetsOut": 4, "bytesIn": 400, "bytesOut": 900 },
            { "protocol": "TCP", "client": "198.18.0.2:40002", "virtual": "198.18.0.100:80", "real": "198.18.1.12:8080",
              "state": "TIME_WAIT", "expiresInSeconds": 61, "packetsIn": 7, "packetsOut": 6, "bytesIn": 500, "bytesOut": 800 },
            { "protocol": "UDP", "client": "198.18.0.2:5300", "virtual": "198.18.0.100:53", "real": "198.18.1.11:5353",
              "state": "UDP", "expiresInSeconds": 5, "packetsIn": 1, "packetsOut": 1, "bytesIn": 60, "bytesOut": 150 }
          ]
        }
        """;
}

using LvsOperator.Dataplane.Scheduling;
using LvsOperator.Dataplane.Services;
using Prometheus;

namespace LvsOperator.Agent.Metrics;

/// <summary>
/// The per real server families of /metrics. Each real server's series are found once and kept with the
/// <see cref="RealServer"/> object they belong to, so a scrape does no label lookups or label strings, and a server
/// removed and added again (a new object, its totals back at 0) is told from one whose totals grew: its old series are
/// dropped and new ones start from the new totals (prometheus-net counters only go up; Prometheus reads the drop as a
/// counter reset). Servers gone since the last scrape lose their series.
/// </summary>
internal sealed class RealServerMetrics
{
    private const string Service = "service";
    private const string RealServerLabel = "real_server";

    private readonly Counter _packets;
    private readonly Counter _bytes;
    private readonly Counter _connections;
    private readonly Gauge _active;
    private readonly Gauge _inactive;
    private readonly Gauge _weight;
    private readonly Dictionary<SeriesKey, Series> _series = [];
    private readonly List<SeriesKey> _gone = [];
    private long _scrape;

    public RealServerMetrics(MetricFactory factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        _packets = factory.CreateCounter("lvs_packets_total", "Packets forwarded per real server; direction in = client to real server, out = replies.", "direction", Service, RealServerLabel);
        _bytes = factory.CreateCounter("lvs_bytes_total", "Bytes (IP packets) forwarded per real server and direction.", "direction", Service, RealServerLabel);
        _connections = factory.CreateCounter("lvs_connections_total", "Connections scheduled to the real server.", Service, RealServerLabel);
        _active = factory.CreateGauge("lvs_active_connections", "TCP connections in ESTABLISHED (ipvsadm ActiveConn).", Service, RealServerLabel);
        _inactive = factory.CreateGauge("lvs_inactive_connections", "Other tracked connections (ipvsadm InActConn).", Service, RealServerLabel);
        _weight = factory.CreateGauge("lvs_real_server_weight", "Scheduling weight; 0 = draining.", Service, RealServerLabel);
    }

    public void Update(IReadOnlyList<VirtualServer> services)
    {
        ArgumentNullException.ThrowIfNull(services);
        var scrape = ++_scrape;
        foreach (var service in services)
        {
            foreach (var server in service.RealServers)
            {
                var key = new SeriesKey(service.Key, server.Address, server.Port);
                if (!_series.TryGetValue(key, out var series) || !ReferenceEquals(series.Server, server))
                {
                    series?.Remove();
                    series = new Series(this, server, AgentMetrics.ServiceLabel(service.Key), server.ToString());
                    _series[key] = series;
                }

                series.Publish(scrape);
            }
        }

        foreach (var (key, series) in _series)
        {
            if (series.Scrape != scrape)
            {
                series.Remove();
                _gone.Add(key);
            }
        }

        foreach (var key in _gone)
        {
            _series.Remove(key);
        }

        _gone.Clear();
    }

    private readonly record struct SeriesKey(VirtualServiceKey Service, uint Address, ushort Port);

    /// <summary>One real server's eight series.</summary>
    private sealed class Series
    {
        private readonly RealServerMetrics _families;
        private readonly string[] _labels;
        private readonly string[] _inLabels;
        private readonly string[] _outLabels;
        private readonly Counter.Child _packetsIn;
        private readonly Counter.Child _packetsOut;
        private readonly Counter.Child _bytesIn;
        private readonly Counter.Child _bytesOut;
        private readonly Counter.Child _connections;
        private readonly Gauge.Child _active;
        private readonly Gauge.Child _inactive;
        private readonly Gauge.Child _weight;

        public Series(RealServerMetrics families, RealServer server, string service, string realServer)
        {
            _families = families;
            Server = server;
            _labels = [service, realServer];
            _inLabels = ["in", service, realServer];
            _outLabels = ["out", service, realServer];
            _packetsIn = families._packets.WithLabels(_inLabels);
            _packetsOut = families._packets.WithLabels(_outLabels);
            _bytesIn = families._bytes.WithLabels(_inLabels);
            _bytesOut = families._bytes.WithLabels(_outLabels);
            _connections = families._connections.WithLabels(_labels);
            _active = families._active.WithLabels(_labels);
            _inactive = families._inactive.WithLabels(_labels);
            _weight = families._weight.WithLabels(_labels);
        }

        public RealServer Server { get; }

        public long Scrape { get; private set; }

        public void Publish(long scrape)
        {
            Scrape = scrape;
            _packetsIn.IncTo(Server.PacketsIn);
            _packetsOut.IncTo(Server.PacketsOut);
            _bytesIn.IncTo(Server.BytesIn);
            _bytesOut.IncTo(Server.BytesOut);
            _connections.IncTo(Server.Connections);
            _active.Set(Server.ActiveConnections);
            _inactive.Set(Server.InactiveConnections);
            _weight.Set(Server.Weight);
        }

        public void Remove()
        {
            _families._packets.RemoveLabelled(_inLabels);
            _families._packets.RemoveLabelled(_outLabels);
            _families._bytes.RemoveLabelled(_inLabels);
            _families._bytes.RemoveLabelled(_outLabels);
            _families._connections.RemoveLabelled(_labels);
            _families._active.RemoveLabelled(_labels);
            _families._inactive.RemoveLabelled(_labels);
            _families._weight.RemoveLabelled(_labels);
        }
    }
}

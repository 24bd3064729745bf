using LvsOperator.Agent.Config;
using LvsOperator.Agent.Tests.Support;
using LvsOperator.Api;
using LvsOperator.Api.Serialization;
using LvsOperator.Dataplane.Packets;
using LvsOperator.Dataplane.Services;
using PersistenceSpec = LvsOperator.Dataplane.Services.PersistenceSpec;

namespace LvsOperator.Agent.Tests.Config;

public sealed class VirtualServiceMapperTests
{
    private static DesiredConfiguration Map(string yaml)
    {
        Assert.True(VirtualServiceDocuments.TryLoad(yaml, out var services, out var problems), string.Join("\n", problems));
        return VirtualServiceMapper.Map([.. services.Select(ResolvedVirtualService.Static)]);
    }

    [Fact]
    public void Maps_a_tcp_service_to_one_virtual_server_with_its_real_servers_on_the_target_port()
    {
        var desired = Map(Yaml.Web());

        var spec = Assert.Single(desired.Specs);
        Assert.Equal(IpProtocol.Tcp, spec.Protocol);
        Assert.Equal(Ipv4Format.Parse("198.18.0.100"), spec.Vip);
        Assert.Equal(80, spec.Port);
        Assert.Equal("rr", spec.Scheduler);
        Assert.Null(spec.Persistence);
        Assert.Equal(
            [new RealServerSpec(Ipv4Format.Parse("198.18.1.11"), 8080, 1), new RealServerSpec(Ipv4Format.Parse("198.18.1.12"), 8080, 1), new RealServerSpec(Ipv4Format.Parse("198.18.1.13"), 8080, 1)],
            spec.RealServers);
        Assert.Equal("default/web:p80", desired.Owners[spec.Key]);
    }

    [Fact]
    public void Maps_each_port_of_a_multi_port_service_to_its_own_virtual_server()
    {
        const string yaml = """
            apiVersion: lvs.lvs-operator.dev/v1alpha1
            kind: VirtualService
            metadata:
              name: mixed
              namespace: edge
            spec:
              vip: 198.18.0.101
              ports:
              - name: http
                port: 80
                targetPort: 8080
              - name: dns
                port: 53
                protocol: UDP
                targetPort: 5353
              scheduler: wlc
              backends:
              - ip: 198.18.1.21
                weight: 3
              - ip: 198.18.1.22
            """;

        var desired = Map(yaml);

        Assert.Equal(2, desired.Specs.Count);
        var http = desired.Specs.Single(s => s.Protocol == IpProtocol.Tcp);
        var dns = desired.Specs.Single(s => s.Protocol == IpProtocol.Udp);
        Assert.Equal((80, "wlc"), (http.Port, http.Scheduler));
        Assert.Equal(53, dns.Port);
        Assert.All(http.RealServers, rs => Assert.Equal(8080, rs.Port));
        Assert.All(dns.RealServers, rs => Assert.Equal(5353, rs.Port));
        Assert.Equal([3, 1], dns.RealServers.Select(rs => rs.Weight));
        Assert.Equal("edge/mixed:http", desired.Owners[http.Key]);
        Assert.Equal("edge/mixed:dns", desired.Owners[dns.Key]);
    }

    [Fact]
    public void Maps_persistence_timeout_and_netmask()
    {
        var spec = Assert.Single(Map(Yaml.Web(persistenceSeconds: 300, netmask: "255.255.255.0")).Specs);

        Assert.Equal(new PersistenceSpec(TimeSpan.FromSeconds(300), 0xFFFFFF00), spec.Persistence);
    }

    [Fact]
    public void Persistence_without_a_netmask_is_per_client_address()
    {
        var spec = Assert.Single(Map(Yaml.Service("p", "198.18.0.100", 443, persistenceSeconds: 60, backends: [("198.18.1.11", 1)])).Specs);

        Assert.Equal(new PersistenceSpec(TimeSpan.FromSeconds(60), 0xFFFFFFFF), spec.Persistence);
    }

    [Fact]
    public void Keeps_a_weight_zero_real_server_so_it_drains_instead_of_losing_its_connections()
    {
        var spec = Assert.Single(Map(Yaml.Web(("198.18.1.11", 1), ("198.18.1.12", 0))).Specs);

        Assert.Equal([1, 0], spec.RealServers.Select(rs => rs.Weight));
    }

    [Fact]
    public void A_backend_port_overrides_the_target_port()
    {
        const string yaml = """
            apiVersion: lvs.lvs-operator.dev/v1alpha1
            kind: VirtualService
            metadata:
              name: odd
            spec:
              vip: 198.18.0.102
              ports:
              - port: 80
              backends:
              - ip: 198.18.1.31
                port: 9090
              - ip: 198.18.1.32
            """;

        var spec = Assert.Single(Map(yaml).Specs);

        Assert.Equal([(ushort)9090, (ushort)80], spec.RealServers.Select(rs => rs.Port));
        Assert.Equal(SchedulerNames.Default, spec.Scheduler);
    }

    [Fact]
    public void Maps_the_status_backends_of_a_cluster_object_per_port_with_draining_ones_at_weight_zero()
    {
        var service = Kubernetes.ClusterObjects.Resolved(backends:
        [
            Kubernetes.ClusterObjects.Backend("198.19.1.11", 8080, weight: 3),
            Kubernetes.ClusterObjects.Backend("198.19.1.12", 8080, state: BackendStates.Draining, weight: 1),
            Kubernetes.ClusterObjects.Backend("198.19.1.11", 5353, portName: "dns"),
        ]);

        var desired = VirtualServiceMapper.Map([ResolvedVirtualService.FromStatus(service)]);

        Assert.Equal(2, desired.Specs.Count);
        var http = desired.Specs.Single(s => s.Port == 80);
        Assert.Equal("maglev", http.Scheduler);
        Assert.Equal([new RealServerSpec(Ipv4Format.Parse("198.19.1.11"), 8080, 3), new RealServerSpec(Ipv4Format.Parse("198.19.1.12"), 8080, 0)], http.RealServers);
        var dns = desired.Specs.Single(s => s.Port == 53);
        Assert.Equal((IpProtocol.Udp, 5353), (dns.Protocol, (int)Assert.Single(dns.RealServers).Port));
        Assert.Equal("default/web:http", desired.Owners[http.Key]);
        Assert.Empty(VirtualServiceMapper.Map([ResolvedVirtualService.FromStatus(Kubernetes.ClusterObjects.Resolved())]).Specs.SelectMany(s => s.RealServers));
    }
}

namespace LvsOperator.Api.Tests;

public sealed class StaticBackendResolverTests
{
    [Fact]
    public void Each_port_gets_every_backend_at_its_target_port()
    {
        var service = Samples.Static("198.18.1.11", "198.18.1.12");
        service.Spec.Backends![1].Weight = 0;
        service.Spec.Ports.Add(new VirtualServicePort { Name = "dns", Port = 53, Protocol = "UDP" });

        var backends = StaticBackendResolver.Resolve(service.Spec);

        Assert.Equal(4, backends.Count);
        Assert.All(backends.Where(b => b.PortName == "http"), b => Assert.Equal(8080, b.Port));
        Assert.All(backends.Where(b => b.PortName == "dns"), b => Assert.Equal(53, b.Port));
        Assert.All(backends.Where(b => b.Ip == "198.18.1.12"), b => Assert.Equal((0, BackendStates.Draining), (b.Weight, b.State)));
        Assert.All(backends.Where(b => b.Ip == "198.18.1.11"), b => Assert.Equal((1, BackendStates.Active), (b.Weight, b.State)));
    }

    [Fact]
    public void A_backend_port_overrides_the_target_port()
    {
        var service = Samples.Static("198.18.1.11");
        service.Spec.Backends![0].Port = 9000;
        Assert.Equal(9000, Assert.Single(StaticBackendResolver.Resolve(service.Spec)).Port);
    }
}

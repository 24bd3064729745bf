using LvsOperator.Api.Validation;

namespace LvsOperator.Api.Tests.Validation;

public sealed class VirtualServiceValidatorTests
{
    [Fact]
    public void A_well_formed_static_service_is_valid()
    {
        Assert.Empty(VirtualServiceValidator.Validate(Samples.Static("198.18.1.11", "198.18.1.12")));
    }

    [Theory]
    [InlineData("198.18.0", "spec.vip")]
    [InlineData("198.18.0.256", "spec.vip")]
    [InlineData("198.018.0.1", "spec.vip")]
    [InlineData("127.0.0.1", "spec.vip")]
    [InlineData("224.0.0.1", "spec.vip")]
    [InlineData("0.1.2.3", "spec.vip")]
    [InlineData("", "spec.vip")]
    public void Bad_vips_are_named(string vip, string field)
    {
        var service = Samples.Static("198.18.1.11");
        service.Spec.Vip = vip;
        Assert.Contains(VirtualServiceValidator.Validate(service), e => e.Field == field);
    }

    [Fact]
    public void Ports_are_checked_for_range_protocol_duplicates_and_names()
    {
        var service = Samples.Static("198.18.1.11");
        service.Spec.Ports =
        [
            new VirtualServicePort { Name = "a", Port = 0 },
            new VirtualServicePort { Name = "b", Port = 80, Protocol = "SCTP" },
            new VirtualServicePort { Name = "c", Port = 443 },
            new VirtualServicePort { Name = "c", Port = 443 },
            new VirtualServicePort { Port = 53, Protocol = "UDP" },
        ];
        var fields = VirtualServiceValidator.Validate(service).Select(e => e.ToString()).ToList();
        Assert.Contains(fields, f => f.StartsWith("spec.ports[0].port:", StringComparison.Ordinal));
        Assert.Contains(fields, f => f.StartsWith("spec.ports[1].protocol:", StringComparison.Ordinal) && f.Contains("SCTP", StringComparison.Ordinal));
        Assert.Contains(fields, f => f.StartsWith("spec.ports[3]: duplicate TCP port 443", StringComparison.Ordinal));
        Assert.Contains(fields, f => f.StartsWith("spec.ports[3].name: duplicate", StringComparison.Ordinal));
        Assert.Contains(fields, f => f.StartsWith("spec.ports[4].name: is required", StringComparison.Ordinal));
    }

    [Fact]
    public void Exactly_one_source_of_real_servers()
    {
        var both = Samples.Static("198.18.1.11");
        both.Spec.Service = "web";
        Assert.Contains(VirtualServiceValidator.Validate(both), e => e.Message.Contains("exactly one", StringComparison.Ordinal));

        var neither = Samples.Static();
        Assert.Contains(VirtualServiceValidator.Validate(neither), e => e.Message.Contains("exactly one", StringComparison.Ordinal));

        var service = Samples.Static();
        service.Spec.Backends = null;
        service.Spec.Service = "web";
        Assert.Empty(VirtualServiceValidator.Validate(service));
    }

    [Fact]
    public void Backends_are_checked()
    {
        var service = Samples.Static("198.18.1.11", "198.18.1.11", "not-an-ip");
        service.Spec.Backends![0].Weight = -1;
        service.Spec.Backends[1].Port = 70000;
        var errors = VirtualServiceValidator.Validate(service).Select(e => e.Field).ToList();
        Assert.Contains("spec.backends[0].weight", errors);
        Assert.Contains("spec.backends[1].port", errors);
        Assert.Contains("spec.backends[2].ip", errors);
    }

    [Fact]
    public void Named_target_port_needs_a_service()
    {
        var service = Samples.Static("198.18.1.11");
        service.Spec.Ports[0].TargetPort = "http";
        Assert.Contains(VirtualServiceValidator.Validate(service), e => e.Field == "spec.ports[0].targetPort");
    }

    [Fact]
    public void An_empty_service_name_is_no_service_for_named_target_ports_either()
    {
        var service = Samples.Static("198.18.1.11");
        service.Spec.Service = "";
        service.Spec.Ports[0].TargetPort = "http";
        Assert.Contains(VirtualServiceValidator.Validate(service), e => e.Field == "spec.ports[0].targetPort");
    }

    [Theory]
    [InlineData("fifo", true)]
    [InlineData("maglev", false)]
    [InlineData(null, false)]
    [InlineData("wlc", false)]
    public void Scheduler_must_be_known(string? scheduler, bool invalid)
    {
        var service = Samples.Static("198.18.1.11");
        service.Spec.Scheduler = scheduler;
        Assert.Equal(invalid, VirtualServiceValidator.Validate(service).Any(e => e.Field == "spec.scheduler"));
    }

    [Theory]
    [InlineData(-1, null, "spec.persistence.timeoutSeconds")]
    [InlineData(60, "255.0.255.0", "spec.persistence.netmask")]
    [InlineData(60, "255.255.255.0", null)]
    public void Persistence_is_checked(int timeout, string? netmask, string? field)
    {
        var service = Samples.Static("198.18.1.11");
        service.Spec.Persistence = new PersistenceSpec { TimeoutSeconds = timeout, Netmask = netmask };
        var errors = VirtualServiceValidator.Validate(service);
        if (field is null)
        {
            Assert.Empty(errors);
        }
        else
        {
            Assert.Contains(errors, e => e.Field == field);
        }
    }
}

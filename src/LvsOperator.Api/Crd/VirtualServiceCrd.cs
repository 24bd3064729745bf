using k8s;
using k8s.Models;
using LvsOperator.Api.Validation;
using static LvsOperator.Api.Crd.SchemaBuilder;

namespace LvsOperator.Api.Crd;

/// <summary>
/// The VirtualService CustomResourceDefinition, built from the API types' rules. <c>crds/virtualservices.yaml</c> and the
/// chart's copy are this object serialized; a test fails when they drift (regenerate with <c>lvsctl crd &gt; crds/virtualservices.yaml</c>).
/// </summary>
public static class VirtualServiceCrd
{
    public static V1CustomResourceDefinition Build() => new()
    {
        ApiVersion = "apiextensions.k8s.io/v1",
        Kind = "CustomResourceDefinition",
        Metadata = new V1ObjectMeta { Name = $"{VirtualServiceApi.Plural}.{VirtualServiceApi.Group}" },
        Spec = new V1CustomResourceDefinitionSpec
        {
            Group = VirtualServiceApi.Group,
            Scope = "Namespaced",
            Names = new V1CustomResourceDefinitionNames
            {
                Kind = VirtualServiceApi.Kind,
                ListKind = VirtualServiceApi.ListKind,
                Plural = VirtualServiceApi.Plural,
                Singular = VirtualServiceApi.Singular,
                ShortNames = [VirtualServiceApi.ShortName],
                Categories = ["lvs"],
            },
            Versions =
            [
                new V1CustomResourceDefinitionVersion
                {
                    Name = VirtualServiceApi.Version,
                    Served = true,
                    Storage = true,
                    Subresources = new V1CustomResourceSubresources { Status = new object() },
                    AdditionalPrinterColumns =
                    [
                        new() { Name = "VIP", Type = "string", JsonPath = ".spec.vip" },
                        new() { Name = "Scheduler", Type = "string", JsonPath = ".spec.scheduler" },
                        new() { Name = "Service", Type = "string", JsonPath = ".spec.service" },
                        new() { Name = "Ready", Type = "string", JsonPath = ".status.conditions[?(@.type==\"Ready\")].status" },
                        new() { Name = "Reason", Type = "string", JsonPath = ".status.conditions[?(@.type==\"Ready\")].reason", Priority = 1 },
                        new() { Name = "Age", Type = "date", JsonPath = ".metadata.creationTimestamp" },
                    ],
                    Schema = new V1CustomResourceValidation
                    {
                        OpenAPIV3Schema = Object(
                            "A virtual service load-balanced by LVS-NAT directors.",
                            ("apiVersion", String("APIVersion of this object.")),
                            ("kind", String("Kind of this object.")),
                            ("metadata", new V1JSONSchemaProps { Type = "object" }),
                            ("spec", Spec()),
                            ("status", Status())).Required("spec"),
                    },
                },
            ],
        },
    };

    public static string ToYaml() => KubernetesYaml.Serialize(Build());

    private static V1JSONSchemaProps Spec() => Object(
            "Desired virtual service.",
            ("vip", Ipv4("Virtual IPv4 address the directors answer ARP for.")),
            ("ports", Array("Ports of the virtual service.", Port(), maxItems: 64)),
            ("service", String("Service in this namespace whose ready endpoints are the real servers.")),
            ("backends", Array("Static real servers (standalone mode, or servers outside the cluster).", Backend(), maxItems: 1024)),
            ("scheduler", Enum("Scheduling algorithm, by its ipvsadm name.", SchedulerNames.All, SchedulerNames.Default)),
            ("persistence", Object(
                "Source-address affinity, like ipvsadm -p.",
                ("timeoutSeconds", Integer("0 disables persistence.", 0, VirtualServiceValidator.MaxPersistenceTimeoutSeconds)),
                ("netmask", Ipv4("Clients equal under this mask share a real server.")))),
            ("nodeSelector", new V1JSONSchemaProps
            {
                Type = "object",
                Description = "Labels a node must carry for its agent to direct this VIP.",
                AdditionalProperties = new V1JSONSchemaProps { Type = "string" },
            }))
        .Required("vip", "ports")
        .Rule("has(self.service) != (has(self.backends) && size(self.backends) > 0)", "exactly one of spec.service or spec.backends must be set")
        .Rule("size(self.ports) <= 1 || self.ports.all(p, has(p.name))", "every port needs a name when there is more than one");

    private static V1JSONSchemaProps Port()
    {
        var name = String("Port name, a lowercase DNS label.");
        name.Pattern = VirtualServiceValidator.DnsLabelPattern;
        name.MaxLength = VirtualServiceValidator.MaxPortNameLength;
        var targetPort = new V1JSONSchemaProps
        {
            Description = "Real servers' port: a number or a port name of the Service's endpoints.",
            XKubernetesIntOrString = true,
        };
        var port = Object(
            "One port of the virtual service.",
            ("name", name),
            ("port", Integer("Port on the VIP.", 1, 65535)),
            ("protocol", Enum("Transport protocol.", ["TCP", "UDP"], "TCP")),
            ("targetPort", targetPort));
        return port.Required("port");
    }

    private static V1JSONSchemaProps Backend() => Object(
            "A real server by address.",
            ("ip", Ipv4("Real server IPv4 address.")),
            ("port", Integer("Real server port; defaults to the port's targetPort.", 1, 65535)),
            ("weight", Integer("Scheduling weight; 0 drains the server.", 0, VirtualServiceValidator.MaxWeight)))
        .Required("ip");

    // Each agent owns one entry: a list-map keyed by node, as Gateway API keys status.parents.
    private static V1JSONSchemaProps ListMap(V1JSONSchemaProps list, string key)
    {
        list.XKubernetesListType = "map";
        list.XKubernetesListMapKeys = [key];
        return list;
    }

    private static V1JSONSchemaProps Status() => Object(
        "Observed state, written by the operator and the agents.",
        ("observedGeneration", new V1JSONSchemaProps { Type = "integer", Format = "int64" }),
        ("backendsRevision", String("Names the current backends list; agents report the revision they programmed.")),
        ("activeDirector", String("Node whose agent holds the VIP.")),
        ("backends", Array("Resolved real servers that agents program.", Object(
            "A resolved real server.",
            ("ip", String("Real server address.")),
            ("port", Integer("Real server port.", 1, 65535)),
            ("portName", String("VirtualService port this backend serves.")),
            ("nodeName", String("Node the real server runs on.")),
            ("weight", Integer("Programmed weight.", 0, VirtualServiceValidator.MaxWeight)),
            ("state", Enum("Active, or Draining (no new connections).", [BackendStates.Active, BackendStates.Draining]))))),
        ("directors", ListMap(Array("One entry per agent directing this VIP.", Object(
            "What one agent reports.",
            ("nodeName", String("Node of the agent.")),
            ("holdsVip", new V1JSONSchemaProps { Type = "boolean", Description = "Whether this agent holds the VIP." }),
            ("programmedRevision", String("The backendsRevision this agent has programmed.")),
            ("conditions", ConditionArray("The agent's conditions."))).Required("nodeName")), "nodeName")),
        ("conditions", ConditionArray("Aggregated conditions; Ready is what kubectl wait reads.")));
}

using System.Globalization;
using System.Text;
using k8s;
using LvsOperator.Api.Serialization;
using static LvsOperator.Api.Tests.Serialization.VirtualServiceDocumentsTests;

namespace LvsOperator.Api.Tests.Serialization;

/// <summary>What a config file can contain that is valid YAML but must still be refused, each with its position, none with an exception.</summary>
public sealed class HostileDocumentsTests
{
    private static readonly string Web = KubernetesYaml.Serialize(Service("web")) + "\n"; // Serialize ends without a newline

    [Theory]
    [InlineData("  - name: http\n", "  - name: http\n    bogus: 1\n", "    bogus:", "Property 'bogus' not found on type 'LvsOperator.Api.VirtualServicePort'")]
    [InlineData("    port: 80\n", "    port: 99999999999\n", "    port: 9", "overflow")]
    [InlineData("    port: 80\n", "    port: 80.5\n", "    port: 80.5", "The input string '80.5' was not in a correct format")]
    [InlineData("    targetPort: 8080\n", "    targetPort: {number: 8080}\n", "    targetPort: {", "Mapping start")]
    [InlineData("  name: dns\n", "  name: dns\n  generation: 1e400\n", "  generation:", "The input string '1e400' was not in a correct format")]
    [InlineData("  name: dns\n", "  name: dns\n  creationTimestamp: yesterday\n", "  creationTimestamp:", "The string 'yesterday' was not recognized as a valid DateTime")]
    [InlineData("  name: dns\n", "  name: dns\n  name: dns2\n", "  name: dns2", "Encountered duplicate key name")]
    [InlineData("  name: dns\n", "  name: dns\n  annotations: {note: !!binary aGk=}\n", "  annotations:", "Encountered an unresolved tag 'tag:yaml.org,2002:binary'")]
    public void A_type_error_names_its_document_and_its_line_in_the_whole_file(string replace, string with, string at, string message)
    {
        var yaml = Web + "---\n" + (KubernetesYaml.Serialize(Service("dns")) + "\n").Replace(replace, with, StringComparison.Ordinal);
        var line = LineOf(yaml, at);

        Assert.False(VirtualServiceDocuments.TryLoad(yaml, out _, out var problems));

        var problem = Assert.Single(problems);
        Assert.StartsWith($"document 2 (line {line}, column ", problem, StringComparison.Ordinal);
        Assert.Contains(message, problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_duplicate_top_level_key_is_refused_with_its_position()
    {
        var yaml = Web + "kind: Secret\n";

        Assert.False(VirtualServiceDocuments.TryLoad(yaml, out _, out var problems));

        Assert.Equal($"document 1 (line {LineOf(yaml, "kind: Secret")}, column 1): duplicate key kind", Assert.Single(problems));
    }

    [Theory]
    [InlineData(65, false)]
    [InlineData(100, false)] // KubernetesClient alone accepted this
    [InlineData(100_000, false)]
    [InlineData(60, true)]
    public void Nesting_deeper_than_the_limit_is_refused_before_the_deserializer_recurses(int depth, bool accepted)
    {
        // metadata.managedFields[].fieldsV1 is an untyped object: the one place a VirtualService takes arbitrary nesting.
        var nested = new string('[', depth - 4) + new string(']', depth - 4);
        var yaml = Web.Replace("  namespace: default\n", $"  namespace: default\n  managedFields:\n  - fieldsV1: {nested}\n", StringComparison.Ordinal);

        Assert.Equal(accepted, VirtualServiceDocuments.TryLoad(yaml, out _, out var problems));

        if (!accepted)
        {
            Assert.Equal($"document 1 (line {LineOf(yaml, "  - fieldsV1:")}, column {"  - fieldsV1: ".Length + 65 - 4}): nested deeper than 64 levels", Assert.Single(problems));
        }
    }

    [Fact]
    public void Indentation_nesting_is_measured_like_brackets()
    {
        var nested = new StringBuilder("  managedFields:\n  - fieldsV1:\n");
        for (var level = 0; level < 70; level++)
        {
            nested.Append(' ', 6 + (2 * level)).Append("a:\n");
        }

        nested.Append(' ', 6 + 140).Append("end\n");
        var yaml = Web.Replace("  namespace: default\n", "  namespace: default\n" + nested, StringComparison.Ordinal);

        Assert.False(VirtualServiceDocuments.TryLoad(yaml, out _, out var problems));

        Assert.Contains("nested deeper than 64 levels", Assert.Single(problems), StringComparison.Ordinal);
    }

    [Fact]
    public void An_alias_bomb_is_refused_by_what_it_would_expand_to()
    {
        // "Billion laughs": nine levels of ten aliases each stand for 10^9 strings in under a kilobyte.
        var bomb = new StringBuilder("  managedFields:\n  - fieldsV1:\n      a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (var level = 'b'; level <= 'j'; level++)
        {
            var previous = (char)(level - 1);
            bomb.Append(CultureInfo.InvariantCulture, $"      {level}: &{level} [{string.Join(", ", Enumerable.Repeat($"*{previous}", 10))}]\n");
        }

        var yaml = Web.Replace("  namespace: default\n", "  namespace: default\n" + bomb, StringComparison.Ordinal);

        Assert.False(VirtualServiceDocuments.TryLoad(yaml, out _, out var problems)); // KubernetesClient alone accepted this

        Assert.Matches($@"^document 1 \(line {LineOf(yaml, "      d:")}, column \d+\): aliases expand to more than 10000 nodes \(an alias bomb\?\)$", Assert.Single(problems));
    }

    [Fact]
    public void A_merge_key_bomb_is_refused_by_what_it_would_expand_to()
    {
        var bomb = new StringBuilder("  managedFields:\n  - fieldsV1:\n      a: &a {a0: 1, a1: 1, a2: 1, a3: 1, a4: 1, a5: 1, a6: 1, a7: 1, a8: 1, a9: 1}\n");
        for (var level = 'b'; level <= 'g'; level++)
        {
            bomb.Append(CultureInfo.InvariantCulture, $"      {level}: &{level}\n");
            for (var i = 0; i < 10; i++)
            {
                bomb.Append(CultureInfo.InvariantCulture, $"        {level}{i}: {{<<: *{(char)(level - 1)}}}\n");
            }
        }

        var yaml = Web.Replace("  namespace: default\n", "  namespace: default\n" + bomb, StringComparison.Ordinal);

        Assert.False(VirtualServiceDocuments.TryLoad(yaml, out _, out var problems));

        Assert.EndsWith("aliases expand to more than 10000 nodes (an alias bomb?)", Assert.Single(problems), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("  labels: &self {app: *self}\n")]
    [InlineData("  labels: {app: *nowhere}\n")]
    public void An_alias_to_its_own_node_or_to_nothing_is_refused(string labels)
    {
        var yaml = Web.Replace("  namespace: default\n", "  namespace: default\n" + labels, StringComparison.Ordinal);

        Assert.False(VirtualServiceDocuments.TryLoad(yaml, out _, out var problems));

        Assert.Contains("names no anchor completed before it", Assert.Single(problems), StringComparison.Ordinal);
    }

    [Fact]
    public void Ordinary_anchors_aliases_and_merge_keys_still_load()
    {
        const string Yaml = """
            apiVersion: lvs.lvs-operator.dev/v1alpha1
            kind: &kind VirtualService
            metadata:
              name: web
              labels: &labels {app: web, tier: edge}
              annotations: {<<: *labels, owner: platform}
            spec:
              vip: 198.18.0.100
              nodeSelector: *labels
              ports: [{name: http, port: 80, targetPort: &target 8080}, {name: alt, port: 8000, targetPort: *target}]
              backends: [{ip: 198.18.1.11}]
            """;

        Assert.True(VirtualServiceDocuments.TryLoad(Yaml, out var services, out var problems), string.Join("\n", problems));

        var service = Assert.Single(services);
        Assert.Equal(VirtualServiceApi.Kind, service.Kind);
        Assert.Equal(("edge", "platform"), (service.Metadata.Annotations["tier"], service.Metadata.Annotations["owner"]));
        var spec = service.Spec;
        Assert.Equal("edge", spec.NodeSelector!["tier"]);
        Assert.Equal(("alt", 8000, 8080), (spec.Ports[1].Name, spec.Ports[1].Port, spec.Ports[1].NumericTargetPort));
    }

    [Fact]
    public void A_large_stream_within_the_file_size_limit_loads()
    {
        // ~40 parser events a document: 3,000 of them passed KubernetesClient's 100,000-event limit for one stream.
        var services = Enumerable.Range(0, 3_000).Select(i => Service($"web-{i}")).ToArray<object>();
        var yaml = KubernetesYaml.SerializeAll(services);

        Assert.True(VirtualServiceDocuments.TryLoad(yaml, out var loaded, out var problems), string.Join("\n", problems.Take(3)));

        Assert.Equal(3_000, loaded.Count);
        Assert.Equal("default/web-2999", loaded[^1].Key());
    }

    [Fact]
    public void Windows_line_endings_keep_positions_right()
    {
        var yaml = (Web + "---\n" + (KubernetesYaml.Serialize(Service("dns")) + "\n").Replace("    port: 80\n", "    port: x\n", StringComparison.Ordinal)).ReplaceLineEndings("\r\n");

        Assert.False(VirtualServiceDocuments.TryLoad(yaml, out _, out var problems));

        Assert.StartsWith($"document 2 (line {LineOf(yaml.ReplaceLineEndings("\n"), "    port: x")}, column 11):", Assert.Single(problems), StringComparison.Ordinal);
    }
}

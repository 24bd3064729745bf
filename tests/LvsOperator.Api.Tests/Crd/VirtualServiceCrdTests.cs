using System.Reflection;
using System.Text.Json.Serialization;
using k8s.Models;
using LvsOperator.Api.Crd;

namespace LvsOperator.Api.Tests.Crd;

public sealed class VirtualServiceCrdTests
{
    private static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "LvsOperator.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("LvsOperator.sln not found above the test directory");
    }

    [Theory]
    [InlineData("crds/virtualservices.yaml")]
    [InlineData("charts/lvs-operator/crds/virtualservices.yaml")]
    public void Checked_in_crd_matches_the_api_types(string relativePath)
    {
        var path = Path.Combine(RepoRoot(), relativePath);
        var expected = VirtualServiceCrd.ToYaml();
        if (Environment.GetEnvironmentVariable("UPDATE_CRDS") == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, expected);
        }

        Assert.True(File.Exists(path), $"{relativePath} is missing: run the tests once with UPDATE_CRDS=1");
        Assert.Equal(expected, File.ReadAllText(path));
    }

    [Theory]
    [InlineData(typeof(VirtualServiceSpec), "spec")]
    [InlineData(typeof(VirtualServicePort), "spec.ports[]")]
    [InlineData(typeof(StaticBackend), "spec.backends[]")]
    [InlineData(typeof(PersistenceSpec), "spec.persistence")]
    [InlineData(typeof(VirtualServiceStatus), "status")]
    [InlineData(typeof(BackendStatus), "status.backends[]")]
    [InlineData(typeof(DirectorStatus), "status.directors[]")]
    public void Every_json_property_of_the_types_is_in_the_schema(Type type, string path)
    {
        var schema = Navigate(VirtualServiceCrd.Build().Spec.Versions[0].Schema.OpenAPIV3Schema, path);
        var names = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Select(p => p.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name)
            .OfType<string>();
        Assert.All(names, name => Assert.True(schema.Properties.ContainsKey(name), $"{path}.{name} is not in the CRD schema"));
        Assert.Equal(names.Order(), schema.Properties.Keys.Order());
    }

    private static V1JSONSchemaProps Navigate(V1JSONSchemaProps root, string path)
    {
        var node = root;
        foreach (var part in path.Split('.'))
        {
            node = part.EndsWith("[]", StringComparison.Ordinal) ? (V1JSONSchemaProps)node.Properties[part[..^2]].Items : node.Properties[part];
        }

        return node;
    }
}

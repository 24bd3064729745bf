using LvsOperator.Sandbox.Kubelets;

namespace LvsOperator.Sandbox.Tests.Kubelets;

public sealed class ImageCatalogTests
{
    [Theory]
    [InlineData("lvs-agent:dev", "lvs-agent")]
    [InlineData("ghcr.io/example/lvs-agent:0.1.0", "lvs-agent")]
    [InlineData("localhost:5000/lvs-agent@sha256:abc", "lvs-agent")]
    [InlineData("lvs-agent", "lvs-agent")]
    public void Bare_names_drop_registry_tag_and_digest(string image, string bare) => Assert.Equal(bare, ImageCatalog.BareName(image));

    [Fact]
    public void Images_are_found_by_reference_then_by_bare_name_and_overrides_win()
    {
        var dll = Path.Combine(Path.GetTempPath(), "some-agent.dll");
        var catalog = new ImageCatalog(new Dictionary<string, string> { [ImageCatalog.AgentImage] = dll });

        Assert.True(catalog.Find(ImageCatalog.EchoImage)!.IsEcho);
        Assert.Equal(dll, catalog.Find("ghcr.io/example/lvs-agent:1.2.3")!.EntryPoint);
        Assert.EndsWith("LvsOperator.Operator.dll", catalog.Find("lvs-operator:dev")!.EntryPoint, StringComparison.Ordinal);
        Assert.Null(catalog.Find("nginx:1.27"));
    }

    [Fact]
    public void A_mapped_program_that_does_not_exist_is_a_clear_error_naming_the_file_and_the_way_out()
    {
        var missing = Path.Combine(Path.GetTempPath(), $"missing-{Guid.NewGuid():N}.dll");
        var catalog = new ImageCatalog(new Dictionary<string, string> { [ImageCatalog.OperatorImage] = missing });

        var error = Assert.Throws<FileNotFoundException>(() => catalog.Require(ImageCatalog.OperatorImage));

        Assert.Contains(missing, error.Message, StringComparison.Ordinal);
        Assert.Contains($"--image {ImageCatalog.OperatorImage}=FILE", error.Message, StringComparison.Ordinal);
    }
}

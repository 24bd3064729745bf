namespace LvsOperator.Sandbox.Kubelets;

/// <summary>
/// Maps pod images to what the sandbox runs for them. Built in: <see cref="EchoImage"/> (the example app, in-process),
/// <see cref="OperatorImage"/> and <see cref="AgentImage"/> (the dlls installed beside the running program, as lvsctl,
/// the tests and the bench reference their projects). Overrides map any image to a dll. An image is looked up by its
/// full reference first, then by its bare name (no registry, no tag or digest), so a chart's
/// <c>ghcr.io/x/lvs-agent:0.1.0</c> finds <c>lvs-agent</c>.
/// </summary>
public sealed class ImageCatalog
{
    public const string EchoImage = "lvs-sandbox-echo:dev";
    public const string OperatorImage = "lvs-operator:dev";
    public const string AgentImage = "lvs-agent:dev";

    private readonly Dictionary<string, ContainerImage> _images = new(StringComparer.Ordinal);

    public ImageCatalog(IReadOnlyDictionary<string, string>? overrides = null)
    {
        Add(new ContainerImage(EchoImage, null));
        Add(new ContainerImage(OperatorImage, Path.Combine(AppContext.BaseDirectory, "LvsOperator.Operator.dll")));
        Add(new ContainerImage(AgentImage, Path.Combine(AppContext.BaseDirectory, "LvsOperator.Agent.dll")));
        foreach (var (image, dll) in overrides ?? new Dictionary<string, string>())
        {
            Add(new ContainerImage(image, Path.GetFullPath(dll)));
        }
    }

    /// <summary>What runs for <paramref name="image"/>, or null when the sandbox knows no such image.</summary>
    public ContainerImage? Find(string? image)
    {
        if (string.IsNullOrEmpty(image))
        {
            return null;
        }

        return _images.GetValueOrDefault(image) ?? _images.GetValueOrDefault(BareName(image));
    }

    /// <summary>The image's program, or an error that says which file is missing and how to provide it.</summary>
    public ContainerImage Require(string image)
    {
        var found = Find(image) ?? throw new InvalidOperationException($"the sandbox knows no image {image}: map it to a dll with --image {image}=FILE");
        if (found.EntryPoint is { } dll && !File.Exists(dll))
        {
            throw new FileNotFoundException(
                $"image {image} runs {dll}, which does not exist: build the project that installs it beside this program, or map the image to another dll with --image {image}=FILE",
                dll);
        }

        return found;
    }

    /// <summary>registry/path/name:tag@digest → name.</summary>
    public static string BareName(string image)
    {
        var name = image;
        var at = name.IndexOf('@', StringComparison.Ordinal);
        if (at >= 0)
        {
            name = name[..at];
        }

        name = name[(name.LastIndexOf('/') + 1)..];
        var colon = name.IndexOf(':', StringComparison.Ordinal);
        return colon >= 0 ? name[..colon] : name;
    }

    private void Add(ContainerImage image)
    {
        _images[image.Reference] = image;
        _images[BareName(image.Reference)] = image;
    }
}

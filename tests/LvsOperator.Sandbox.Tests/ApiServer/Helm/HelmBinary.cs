namespace LvsOperator.Sandbox.Tests.ApiServer.Helm;

/// <summary>Finds the helm v4 binary that scripts/install-deps.sh (and .ci/run) put in .tools/bin.</summary>
internal static class HelmBinary
{
    public static string Locate()
    {
        if (Environment.GetEnvironmentVariable("HELM_BIN") is { Length: > 0 } configured && File.Exists(configured))
        {
            return configured;
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, ".tools", "bin", "helm");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException(
            "helm not found: run scripts/install-deps.sh (it puts helm in .tools/bin) or set HELM_BIN");
    }

    public static string ChartPath => Path.Combine(AppContext.BaseDirectory, "ApiServer", "Helm", "testchart");
}

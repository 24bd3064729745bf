using LvsOperator.Sandbox.Processes;

namespace LvsOperator.Sandbox.Directors;

/// <summary>
/// Builds src/LvsOperator.Agent once per process (Release) and finds its dll. The harness never references the
/// Agent project: it runs the agent exactly as an operator would, as a separate process in the director namespace.
/// LVS_AGENT_DLL points at an already-built dll instead.
/// </summary>
public static class AgentBuild
{
    public const string DllVariable = "LVS_AGENT_DLL";

    private static readonly Lazy<string> Dll = new(Build, LazyThreadSafetyMode.ExecutionAndPublication);

    public static string EnsureBuilt() => Dll.Value;

    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "LvsOperator.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"LvsOperator.sln not found above {AppContext.BaseDirectory}");
    }

    private static string Build()
    {
        var preset = Environment.GetEnvironmentVariable(DllVariable);
        if (!string.IsNullOrEmpty(preset))
        {
            return File.Exists(preset) ? preset : throw new FileNotFoundException($"{DllVariable}={preset} does not exist");
        }

        var root = RepositoryRoot();
        var project = Path.Combine(root, "src", "LvsOperator.Agent");
        if (!Directory.Exists(project))
        {
            throw new InvalidOperationException(
                $"The agent project {project} does not exist yet: the end-to-end tests run the standalone agent " +
                $"(ARCHITECTURE.md §5). Set {DirectorFactory.EnvironmentVariable}=kernel to validate the harness against kernel nftables.");
        }

        var result = ProcessRunner.Execute(ProcessCommand.Of("dotnet", "build", "-c", "Release", "-nologo", "-v", "q", project) with { Timeout = TimeSpan.FromMinutes(5) });
        var dll = Path.Combine(project, "bin", "Release", "net10.0", "LvsOperator.Agent.dll");
        if (result.ExitCode != 0 || !File.Exists(dll))
        {
            throw new InvalidOperationException(
                $"Building {project} failed (exit {result.ExitCode}) or {dll} is missing:\n{result.Stdout}\n{result.Stderr}");
        }

        return dll;
    }
}

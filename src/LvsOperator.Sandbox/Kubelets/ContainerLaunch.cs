using System.Collections;
using k8s.Models;
using LvsOperator.Sandbox.Processes;

namespace LvsOperator.Sandbox.Kubelets;

/// <summary>
/// The process command for a container: <c>ip netns exec POD-NAMESPACE</c>, then — with ServiceAccount credentials —
/// a private tmpfs on /run with the credentials bind-mounted read-only at /var/run/secrets/kubernetes.io/serviceaccount
/// (inside the mount namespace ip netns exec makes, so the host never sees it), then the image's entrypoint
/// (<c>dotnet DLL</c>) with the container's args, or the container's own command. Each step execs the next, so the
/// process id is the program's and signals reach it. The environment is the container's only (plus PATH, HOME and the
/// dotnet host's own variables): nothing of the sandbox's leaks in.
/// </summary>
internal static class ContainerLaunch
{
    private const string MountCredentials =
        "mount -t tmpfs -o mode=0755,size=1m lvs-sandbox-run /run"
        + " && mkdir -p /run/secrets/kubernetes.io/serviceaccount"
        + " && mount --bind -o ro \"$0\" /run/secrets/kubernetes.io/serviceaccount"
        + " && exec \"$@\"";

    private static readonly string[] KeptHostVariables = ["PATH", "HOME", "TMPDIR", "LANG", "DOTNET_ROOT", "DOTNET_ROOT_X64", "DOTNET_CLI_HOME", "DOTNET_NOLOGO"];

    public static ProcessCommand Command(
        V1Container container, ContainerImage image, string networkNamespace, PodCredentials? credentials, IReadOnlyDictionary<string, string> env)
    {
        var args = (container.Args ?? []).Select(a => VariableExpansion.Expand(a, env));
        List<string> program = container.Command is { Count: > 0 } command
            ? [.. command.Select(c => VariableExpansion.Expand(c, env)), .. args]
            : image.EntryPoint is { } dll
                ? ["dotnet", dll, .. args]
                : throw new ContainerConfigException("CreateContainerConfigError", $"container {container.Name}: image {container.Image} has no entrypoint to run");
        List<string> line = credentials is null ? program : ["sh", "-c", MountCredentials, credentials.ServiceAccountDirectory, .. program];
        return new ProcessCommand(line[0], line[1..])
        {
            NetworkNamespace = networkNamespace,
            Environment = Environment(env),
            WorkingDirectory = container.WorkingDir is { Length: > 0 } dir ? dir : image.EntryPoint is { } entry ? Path.GetDirectoryName(entry) : null,
            Timeout = Timeout.InfiniteTimeSpan,
        };
    }

    private static Dictionary<string, string?> Environment(IReadOnlyDictionary<string, string> env)
    {
        var result = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (DictionaryEntry entry in System.Environment.GetEnvironmentVariables())
        {
            var name = (string)entry.Key;
            if (!KeptHostVariables.Contains(name, StringComparer.Ordinal))
            {
                result[name] = null; // removed: a pod does not inherit the sandbox's environment
            }
        }

        foreach (var (name, value) in env)
        {
            result[name] = value;
        }

        return result;
    }
}

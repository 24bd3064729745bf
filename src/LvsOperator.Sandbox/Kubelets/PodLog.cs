using System.Globalization;
using System.Text;

namespace LvsOperator.Sandbox.Kubelets;

/// <summary>
/// One container's log file, NAMESPACE_POD_CONTAINER.log in the kubelet's log directory: every line its process
/// writes (stdout and stderr), across restarts, each run headed by a marker line. Optionally mirrored to a console
/// sink. Thread-safe; the file is opened for each batch of lines, so nothing stays open after the pod goes.
/// </summary>
internal sealed class PodLog(string path, string prefix, Action<string>? console)
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    private readonly Lock _gate = new();

    public string Path { get; } = path;

    public static PodLog For(KubeletOptions options, string podNamespace, string podName, string container)
    {
        Directory.CreateDirectory(options.LogDirectory);
        var path = System.IO.Path.Combine(options.LogDirectory, $"{podNamespace}_{podName}_{container}.log");
        return new PodLog(path, $"[{podNamespace}/{podName}/{container}] ", options.Console);
    }

    public void Mark(string what, DateTimeOffset at) =>
        Write(string.Create(CultureInfo.InvariantCulture, $"--- {at:yyyy-MM-ddTHH:mm:ss.fffZ} {what} ---"));

    public void Write(string line)
    {
        lock (_gate)
        {
            try
            {
                File.AppendAllText(Path, line + "\n", Utf8);
            }
            catch (IOException)
            {
                // A full or vanished disk must not stop the pod; the console mirror still has the line.
            }
        }

        console?.Invoke(prefix + line);
    }
}

using System.Diagnostics;

namespace LvsOperator.Dataplane.Native;

/// <summary>
/// Runs one of the kernel's configuration programs (nft, ip) to exit: arguments as a list (no shell), text on stdin,
/// both output pipes read in the background so neither a full pipe nor a hung program outlasts the timeout, past
/// which it is killed.
/// </summary>
internal static class ExternalCommand
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    /// <exception cref="InvalidOperationException">The program could not be started or did not finish in time.</exception>
    public static ExternalCommandResult Run(string fileName, IEnumerable<string> arguments, string? input = null, TimeSpan? timeout = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(fileName);
        ArgumentNullException.ThrowIfNull(arguments);
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardInput = true,
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        Process? process;
        try
        {
            process = Process.Start(start);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException($"could not start {fileName}: {e.Message}", e);
        }

        using (process)
        {
            if (process is null)
            {
                throw new InvalidOperationException($"could not start {fileName}");
            }

            var output = process.StandardOutput.ReadToEndAsync();
            var errors = process.StandardError.ReadToEndAsync();
            try
            {
                if (input is not null)
                {
                    process.StandardInput.Write(input);
                }

                process.StandardInput.Close();
            }
            catch (IOException)
            {
                // It exited without reading all of its input (a usage error): its exit code and stderr say why.
            }

            var limit = timeout ?? DefaultTimeout;
            if (!process.WaitForExit(limit))
            {
                process.Kill(entireProcessTree: true);
                throw new InvalidOperationException($"{fileName} did not finish within {limit.TotalSeconds:0} s");
            }

            process.WaitForExit(); // the pipes drain to their end
            return new ExternalCommandResult(process.ExitCode, output.Result, errors.Result);
        }
    }
}

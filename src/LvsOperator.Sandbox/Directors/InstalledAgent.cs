namespace LvsOperator.Sandbox.Directors;

/// <summary>
/// Finds the agent installed beside the running program. lvsctl, the end-to-end tests and the bench reference the
/// Agent project, so its build output (LvsOperator.Agent.dll with its runtimeconfig and deps files) lands in their
/// own directory and nothing is built at run time; the harness still runs it as an operator would, as a separate
/// process in the director's namespace. <see cref="DllVariable"/> points at another build instead.
/// </summary>
public static class InstalledAgent
{
    public const string DllVariable = "LVS_AGENT_DLL";

    public const string DllName = "LvsOperator.Agent.dll";

    public static string Locate()
    {
        var preset = Environment.GetEnvironmentVariable(DllVariable);
        if (!string.IsNullOrEmpty(preset))
        {
            return File.Exists(preset) ? Path.GetFullPath(preset) : throw new FileNotFoundException($"{DllVariable}={preset} does not exist", preset);
        }

        var beside = Path.Combine(AppContext.BaseDirectory, DllName);
        return File.Exists(beside)
            ? beside
            : throw new FileNotFoundException(
                $"the agent is not installed beside this program ({beside} is missing): build the project that references " +
                $"src/LvsOperator.Agent (lvsctl does), or set {DllVariable}", beside);
    }
}

namespace LvsOperator.Sandbox.Tests.ApiServer;

/// <summary>Files under tests/LvsOperator.Sandbox.Tests/TestData, found by walking up from the test binaries.</summary>
internal static class TestData
{
    public static string Path(string name)
    {
        var dir = AppContext.BaseDirectory;
        while (!File.Exists(System.IO.Path.Combine(dir, "LvsOperator.Sandbox.Tests.csproj")))
        {
            dir = System.IO.Path.GetDirectoryName(dir.TrimEnd('/')) ?? throw new FileNotFoundException(name);
        }

        return System.IO.Path.Combine(dir, "TestData", name);
    }

    public static string Read(string name) => File.ReadAllText(Path(name));
}

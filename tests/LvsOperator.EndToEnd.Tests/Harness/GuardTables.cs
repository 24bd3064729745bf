using LvsOperator.Sandbox.Processes;

namespace LvsOperator.EndToEnd.Tests.Harness;

/// <summary>The director's nftables guard table as the kernel has it.</summary>
internal static class GuardTables
{
    public static bool Exists(DirectorFixture fixture) =>
        ProcessRunner.TryRunIn(fixture.Topology.Director, "nft", ["list", "table", .. fixture.Director.GuardTable.Split(' ')]).Succeeded;

    /// <summary>The `nft list tables` lines naming the guard's table: one when it was replaced rather than duplicated.</summary>
    public static List<string> Listed(DirectorFixture fixture)
    {
        var name = fixture.Director.GuardTable.Split(' ')[1];
        return ProcessRunner.RunIn(fixture.Topology.Director, "nft", "list", "tables")
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(line => line.EndsWith(" " + name, StringComparison.Ordinal))
            .ToList();
    }
}

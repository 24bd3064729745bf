using LvsOperator.Sandbox.ApiServer;

namespace LvsOperator.Sandbox.Tests.ApiServer.Client;

/// <summary>A server with frequent bookmarks and a short event history, so bookmarks and 410 come quickly.</summary>
public sealed class WatchTuningFixture : SandboxServerFixture
{
    public const int HistoryLimit = 20;

    protected override SandboxApiServerOptions Options => new()
    {
        BookmarkInterval = TimeSpan.FromMilliseconds(100),
        WatchHistoryLimit = HistoryLimit,
    };
}

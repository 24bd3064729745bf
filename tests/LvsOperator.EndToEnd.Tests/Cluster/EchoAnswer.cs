namespace LvsOperator.EndToEnd.Tests.Cluster;

/// <summary>The echo app's line on its TCP port: the pod that answered and the client address it saw.</summary>
internal sealed record EchoAnswer(string Pod, string Peer)
{
    public static EchoAnswer Parse(string line)
    {
        var words = line.TrimEnd('\n').Split(' ');
        return words.Length == 2 ? new EchoAnswer(words[0], words[1]) : throw new FormatException($"not an echo line: '{line}'");
    }
}

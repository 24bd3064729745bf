using System.CommandLine;
using LvsOperator.Api.AgentApi;

namespace LvsOperator.Cli.Commands;

/// <summary>--server URL: which agent list and conns ask; the agent's default local port unless told otherwise.</summary>
internal static class AgentServerOption
{
    public static Option<string> Create() => new("--server")
    {
        Description = "the agent's HTTP address",
        HelpName = "URL",
        DefaultValueFactory = _ => AgentHttpApi.DefaultServer.ToString().TrimEnd('/'),
    };
}

using LvsOperator.Dataplane.ReturnPath;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LvsOperator.Agent.Dataplane;

/// <summary>The real return path: nftables, ip rules and routing tables of this network namespace.</summary>
internal sealed class KernelReturnPath(IOptions<AgentOptions> options, ILogger<ReturnPathProgrammer> logger) : IReturnPath
{
    private readonly ReturnPathProgrammer _programmer = new(Options.Create(options.Value.ReturnPath), logger);

    public void Apply(IReadOnlyList<ReturnRoute> routes) => _programmer.Apply(routes);

    public void Remove() => _programmer.Remove();
}

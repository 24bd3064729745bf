using LvsOperator.Api;
using LvsOperator.Sandbox.Directors;
using LvsOperator.Sandbox.Network;
using LvsOperator.Sandbox.Workloads;

namespace LvsOperator.EndToEnd.Tests.Harness;

/// <summary>
/// One topology per test class: namespaces, a real server in each real-server namespace, and a director that
/// is started by the first <see cref="ProgramAsync"/>. Everything is torn down even when a step fails.
/// </summary>
public class DirectorFixture : IAsyncLifetime
{
    private readonly List<RealServerHost> _servers = [];
    private NetnsTopology? _topology;
    private IDirector? _director;

    public NetnsTopology Topology => _topology ?? throw new InvalidOperationException("fixture not initialized");

    public IDirector Director => _director ?? throw new InvalidOperationException("fixture not initialized");

    public bool Running { get; private set; }

    protected virtual TopologyOptions TopologyOptions => new();

    protected virtual DirectorKind Kind => DirectorFactory.FromEnvironment();

    public Task InitializeAsync()
    {
        try
        {
            _topology = NetnsTopology.Create(TopologyOptions);
            foreach (var rs in _topology.RealServers)
            {
                _servers.Add(RealServerHost.Start(rs.Name, rs.Namespace));
            }

            _director = DirectorFactory.Create(Kind, _topology);
            return Task.CompletedTask;
        }
        catch
        {
            DisposeAsync().GetAwaiter().GetResult();
            throw;
        }
    }

    /// <summary>Starts the director with these services, or applies them to the running one.</summary>
    public async Task ProgramAsync(params VirtualService[] services)
    {
        if (Running)
        {
            await Director.ApplyAsync(services);
        }
        else
        {
            await Director.StartAsync(services);
            Running = true;
        }
    }

    public async Task<int> StopDirectorAsync()
    {
        Running = false;
        return await Director.StopAsync();
    }

    /// <summary>kill -9 of the agent (<see cref="AgentDirector.KillAsync"/>); the next <see cref="ProgramAsync"/> starts it again.</summary>
    public async Task KillDirectorAsync()
    {
        var agent = Director as AgentDirector ?? throw new InvalidOperationException($"only the agent can be killed, not {Director.Kind}");
        Running = false;
        await agent.KillAsync();
    }

    public async Task DisposeAsync()
    {
        var director = _director;
        var topology = _topology;
        _director = null;
        _topology = null;
        try
        {
            if (director is not null)
            {
                await director.DisposeAsync();
            }
        }
        finally
        {
            foreach (var server in _servers)
            {
                await server.DisposeAsync();
            }

            _servers.Clear();
            topology?.Dispose();
        }
    }
}

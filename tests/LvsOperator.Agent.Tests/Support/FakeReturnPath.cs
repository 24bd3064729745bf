using LvsOperator.Agent.Dataplane;
using LvsOperator.Dataplane.ReturnPath;

namespace LvsOperator.Agent.Tests.Support;

/// <summary>Records the return path the agent asks for instead of touching the test host's rules.</summary>
internal sealed class FakeReturnPath : IReturnPath
{
    private readonly Lock _gate = new();
    private IReadOnlyList<ReturnRoute> _routes = [];

    public IReadOnlyList<ReturnRoute> Routes
    {
        get
        {
            lock (_gate)
            {
                return _routes;
            }
        }
    }

    public int Removals { get; private set; }

    public void Apply(IReadOnlyList<ReturnRoute> routes)
    {
        lock (_gate)
        {
            _routes = routes;
        }
    }

    public void Remove()
    {
        lock (_gate)
        {
            _routes = [];
            Removals++;
        }
    }
}

using LvsOperator.Dataplane.ReturnPath;

namespace LvsOperator.Agent.Dataplane;

/// <summary>
/// The pods' return path in the node's kernel (<see cref="ReturnPathProgrammer"/>); tests register a fake, so an
/// in-process agent never touches the host's rules. Calls are made one at a time.
/// </summary>
internal interface IReturnPath
{
    void Apply(IReadOnlyList<ReturnRoute> routes);

    void Remove();
}

namespace LvsOperator.Sandbox.Directors;

/// <summary>
/// What a test asks the director to do, independent of how it is delivered (agent YAML FILE or kernel nftables).
/// One port per service, since static backends carry one real-server port.
/// </summary>
public sealed record VirtualServiceDefinition(
    string Name,
    string Vip,
    PortDefinition Port,
    IReadOnlyList<BackendDefinition> Backends,
    string Scheduler = "maglev",
    int PersistenceTimeoutSeconds = 0);

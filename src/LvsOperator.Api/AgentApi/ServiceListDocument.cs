namespace LvsOperator.Api.AgentApi;

/// <summary>
/// GET /v1/services: what the director is doing, the data of <c>ipvsadm -L -n [--stats|--rate]</c>, plus the state of
/// the config file. <see cref="ConnectionTableSize"/> is ipvsadm's "(size=...)".
/// </summary>
public sealed record ServiceListDocument(
    string Version,
    int ConnectionTableSize,
    int ConnectionCount,
    ConfigDocument Config,
    IReadOnlyList<ServiceDocument> Services);

namespace LvsOperator.Agent.Http;

/// <summary>
/// GET /v1/services: what the director is doing, the data of <c>ipvsadm -L -n [--stats|--rate]</c>, plus the state of
/// the config file. <see cref="ConnectionTableSize"/> is ipvsadm's "(size=...)".
/// </summary>
internal sealed record ServiceListDocument(
    string Version,
    int ConnectionTableSize,
    int ConnectionCount,
    ConfigDocument Config,
    IReadOnlyList<ServiceDocument> Services);

using LvsOperator.Dataplane.Native;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LvsOperator.Dataplane.Guard;

/// <summary>
/// Owns <c>table inet lvs_operator</c>, which makes the kernel drop exactly the packets the forwarder handles (see
/// <see cref="NftablesRuleset"/> for the rules and why). Every change is one <c>nft -f -</c> transaction: the first
/// <see cref="Apply"/> (and any change of tapped interfaces) replaces the whole table — "add; delete; table {...}",
/// so a table left by a crashed agent is replaced, never duplicated — and later service changes only swap the sets'
/// elements. <see cref="Remove"/> deletes the table. Not thread-safe: one owner (the agent's config applier).
/// </summary>
public sealed partial class NftablesGuard
{
    private readonly NftablesGuardOptions _options;
    private readonly ILogger<NftablesGuard> _logger;
    private string[]? _installedTaps;

    public NftablesGuard(IOptions<NftablesGuardOptions> options, ILogger<NftablesGuard> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        _options = options.Value;
        _logger = logger;
    }

    public string TableName => _options.TableName;

    /// <summary>Installs or updates the guard. Throws <see cref="InvalidOperationException"/> with nft's message if nft refuses.</summary>
    public void Apply(
        IReadOnlyCollection<string> tappedInterfaces,
        IReadOnlyCollection<GuardedEndpoint> virtualServices,
        IReadOnlyCollection<GuardedEndpoint> realServers)
    {
        ArgumentNullException.ThrowIfNull(tappedInterfaces);
        ArgumentNullException.ThrowIfNull(virtualServices);
        ArgumentNullException.ThrowIfNull(realServers);
        var taps = tappedInterfaces.Order(StringComparer.Ordinal).ToArray();
        if (_installedTaps is not null && _installedTaps.SequenceEqual(taps))
        {
            Run(NftablesRuleset.BuildSetUpdate(_options.TableName, virtualServices, realServers));
        }
        else
        {
            Run(NftablesRuleset.Build(_options.TableName, taps, virtualServices, realServers));
            _installedTaps = taps;
        }

        LogApplied(_logger, _options.TableName, virtualServices.Count, realServers.Count, taps.Length);
    }

    /// <summary>Deletes the table (whether or not this instance installed it).</summary>
    public void Remove()
    {
        Run(NftablesRuleset.BuildDelete(_options.TableName));
        _installedTaps = null;
        LogRemoved(_logger, _options.TableName);
    }

    private void Run(string ruleset)
    {
        string[] arguments = [.. _options.NftArgumentsPrefix.Split(' ', StringSplitOptions.RemoveEmptyEntries), "-f", "-"];
        var result = ExternalCommand.Run(_options.NftPath, arguments, ruleset);
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"nft refused the guard table (exit {result.ExitCode}): {result.Errors.Trim()}");
        }
    }
}

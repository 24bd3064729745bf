using LvsOperator.Dataplane.Native;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LvsOperator.Dataplane.ReturnPath;

/// <summary>
/// Programs the pods' return path on a node: replies of local real servers whose VIP another node's director holds
/// are marked (<c>table inet lvs_return</c>, see <see cref="ReturnPathRuleset"/>) and policy-routed to that node
/// (<c>ip rule fwmark … lookup T</c>, table T = <c>default via</c> the owner). Each <see cref="Apply"/> makes the
/// kernel match the given routes whatever it held before (see <see cref="PolicyRoutes"/>): a start after a crash
/// neither leaks nor duplicates. <see cref="Remove"/> takes all of it away. Not thread-safe: one owner.
/// </summary>
public sealed partial class ReturnPathProgrammer
{
    private readonly ReturnPathOptions _options;
    private readonly ILogger<ReturnPathProgrammer> _logger;
    private readonly PolicyRoutes _routes;
    private readonly Dictionary<string, int> _slots = new(StringComparer.Ordinal);

    public ReturnPathProgrammer(IOptions<ReturnPathOptions> options, ILogger<ReturnPathProgrammer> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        options.Value.Validate();
        _options = options.Value;
        _logger = logger;
        _routes = new PolicyRoutes(_options);
    }

    /// <summary>
    /// Makes the kernel route exactly these replies (none: nothing of ours is left). An owner keeps its mark and table
    /// while it stays, so a change of one owner leaves the other owners' packets alone.
    /// </summary>
    /// <exception cref="InvalidOperationException">nft or ip refused, or more owners than the mark mask has room for.</exception>
    public void Apply(IReadOnlyList<ReturnRoute> routes)
    {
        ArgumentNullException.ThrowIfNull(routes);
        var owners = Assign(routes);
        var current = _routes.Read();
        _routes.Add(owners, current.Rules);
        Nft(owners.Count == 0 ? ReturnPathRuleset.BuildDelete(_options.TableName) : ReturnPathRuleset.Build(_options.TableName, _options.MarkMask, owners));
        _routes.RemoveExcept(owners.Select(o => o.Slot).ToHashSet(), current);
        if (_logger.IsEnabled(LogLevel.Information))
        {
            var sources = owners.Sum(o => o.Route.Sources.Count);
            LogApplied(_logger, _options.TableName, owners.Count, sources);
        }
    }

    /// <summary>Deletes the table, our rules and our routing tables (whether or not this instance made them).</summary>
    public void Remove()
    {
        Nft(ReturnPathRuleset.BuildDelete(_options.TableName));
        _routes.RemoveExcept(new HashSet<int>(), _routes.Read());
        _slots.Clear();
        LogRemoved(_logger, _options.TableName);
    }

    private List<(int Slot, uint Mark, ReturnRoute Route)> Assign(IReadOnlyList<ReturnRoute> routes)
    {
        var wanted = new Dictionary<string, ReturnRoute>(StringComparer.Ordinal);
        foreach (var route in routes)
        {
            ArgumentException.ThrowIfNullOrEmpty(route.Owner);
            if (!wanted.TryAdd(route.Owner, route))
            {
                throw new ArgumentException($"owner {route.Owner} is named twice", nameof(routes));
            }
        }

        if (wanted.Count > _options.MaxOwners)
        {
            throw new InvalidOperationException($"{wanted.Count} owner nodes, but the mark mask 0x{_options.MarkMask:x8} has room for {_options.MaxOwners}");
        }

        foreach (var owner in _slots.Keys.Where(o => !wanted.ContainsKey(o)).ToArray())
        {
            _slots.Remove(owner);
        }

        var taken = _slots.Values.ToHashSet();
        var owners = new List<(int, uint, ReturnRoute)>();
        foreach (var (owner, route) in wanted.OrderBy(w => w.Key, StringComparer.Ordinal))
        {
            if (!_slots.TryGetValue(owner, out var slot))
            {
                slot = 1;
                while (taken.Contains(slot))
                {
                    slot++;
                }

                _slots[owner] = slot;
                taken.Add(slot);
            }

            owners.Add((slot, _options.Mark(slot), route));
        }

        return owners;
    }

    private void Nft(string ruleset)
    {
        string[] arguments = _options.NetworkNamespace.Length > 0 ? ["netns", "exec", _options.NetworkNamespace, _options.NftPath, "-f", "-"] : ["-f", "-"];
        var result = ExternalCommand.Run(_options.NetworkNamespace.Length > 0 ? _options.IpPath : _options.NftPath, arguments, ruleset);
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"nft refused the return path table (exit {result.ExitCode}): {result.Errors.Trim()}");
        }
    }
}

using LvsOperator.Agent.Config;
using LvsOperator.Dataplane.Packets;
using LvsOperator.Kubernetes.LeaderElection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LvsOperator.Agent.Kubernetes;

/// <summary>
/// One <see cref="VipElection"/> per VIP this node is selected to direct: started when a VIP is first programmed,
/// stopped (the Lease released) when it no longer is. The owned set it reports is what the forwarder acts for.
/// </summary>
internal sealed partial class VipElections(
    ClusterClients clients, ClusterIdentity identity, IOptions<AgentOptions> options, ILoggerFactory loggers, TimeProvider time) : IVipOwnership
{
    private readonly Lock _gate = new();
    private readonly Dictionary<uint, VipElection> _elections = [];
    private readonly List<Task> _stopping = [];
    private readonly ILogger _logger = loggers.CreateLogger<VipElections>();

    /// <summary>Raised (on an elector's thread) when this node wins or loses a VIP.</summary>
    public event Action<uint, bool>? OwnershipChanged;

    public IReadOnlySet<uint>? OwnedVips
    {
        get
        {
            lock (_gate)
            {
                return _elections.Values.Where(e => e.Holds).Select(e => e.Vip).ToHashSet();
            }
        }
    }

    public IReadOnlyCollection<uint> Contended
    {
        get
        {
            lock (_gate)
            {
                return [.. _elections.Keys];
            }
        }
    }

    public bool Holds(uint vip)
    {
        lock (_gate)
        {
            return _elections.TryGetValue(vip, out var election) && election.Holds;
        }
    }

    /// <summary>Campaigns for exactly these VIPs: new ones start as standby, dropped ones are released.</summary>
    public void Ensure(IReadOnlyCollection<uint> vips)
    {
        ArgumentNullException.ThrowIfNull(vips);
        var settings = options.Value.VipLease;
        lock (_gate)
        {
            foreach (var vip in _elections.Keys.Where(v => !vips.Contains(v)).ToArray())
            {
                if (_logger.IsEnabled(LogLevel.Information))
                {
                    var text = Ipv4Format.ToString(vip);
                    LogWithdrawing(_logger, text);
                }

                _stopping.Add(_elections[vip].StopAsync());
                _elections.Remove(vip);
            }

            foreach (var vip in vips.Where(v => !_elections.ContainsKey(v)))
            {
                var election = new VipElection(vip, clients.Leases, settings.For(LeaseNames.Vip(vip), identity.Namespace, identity.NodeName),
                    Changed, loggers.CreateLogger<LeaderElector>(), time);
                _elections.Add(vip, election);
                if (_logger.IsEnabled(LogLevel.Information))
                {
                    var text = Ipv4Format.ToString(vip);
                    var lease = LeaseNames.Vip(vip);
                    LogContending(_logger, text, lease);
                }

                election.Start();
            }

            _stopping.RemoveAll(t => t.IsCompleted);
        }
    }

    /// <summary>Shutdown: every VIP stops being served, then its Lease is released so a standby takes over at once.</summary>
    public async Task StopAllAsync()
    {
        Task[] stopping;
        lock (_gate)
        {
            stopping = [.. _elections.Values.Select(e => e.StopAsync()), .. _stopping];
            _elections.Clear();
            _stopping.Clear();
        }

        await Task.WhenAll(stopping);
    }

    private void Changed(VipElection election)
    {
        var holds = election.Holds;
        if (holds)
        {
            if (_logger.IsEnabled(LogLevel.Information))
            {
                var vip = Ipv4Format.ToString(election.Vip);
                LogAcquired(_logger, vip, identity.NodeName);
            }
        }
        else
        {
            LogReleased(_logger, Ipv4Format.ToString(election.Vip), identity.NodeName);
        }

        try
        {
            OwnershipChanged?.Invoke(election.Vip, holds);
        }
#pragma warning disable CA1031 // a handler's failure must not end the election of the VIP
        catch (Exception e)
#pragma warning restore CA1031
        {
            LogHandlerFailed(_logger, e);
        }
    }
}

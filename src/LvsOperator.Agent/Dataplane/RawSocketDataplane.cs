using LvsOperator.Dataplane.Arp;
using LvsOperator.Dataplane.Connections;
using LvsOperator.Dataplane.Forwarding;
using LvsOperator.Dataplane.Guard;
using LvsOperator.Dataplane.Packets;
using LvsOperator.Dataplane.Routing;
using LvsOperator.Dataplane.Services;
using LvsOperator.Dataplane.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LvsOperator.Agent.Dataplane;

/// <summary>
/// The real data plane: one packet socket per chosen interface, the <see cref="Director"/> on a
/// <see cref="ForwarderLoop"/> thread (queued control work between batches, expiry every tick), next hops from rtnetlink, the
/// nftables guard and gratuitous ARP. Started once and stopped once by <see cref="AgentService"/>.
/// </summary>
internal sealed partial class RawSocketDataplane(IOptions<AgentOptions> options, ILoggerFactory loggers, TimeProvider timeProvider) : IDataplane
{
    private readonly ILogger _logger = loggers.CreateLogger<RawSocketDataplane>();
    private readonly CancellationTokenSource _stopping = new();
    private readonly NftablesGuard _guard = new(Options.Create(new NftablesGuardOptions()), loggers.CreateLogger<NftablesGuard>());
    private NextHopResolver? _resolver;
    private IReadOnlyList<DirectorInterface> _interfaces = [];
    private PacketSocket[] _sockets = [];
    private Director? _director;
    private ForwarderLoop? _loop;
    private Task? _running;
    private bool _guardInstalled;

    public ServiceTable Services => Started.Services;

    public ConnectionTable Connections => Started.Connections;

    public bool IsRunning => _running is { IsCompleted: false };

    private Director Started => _director ?? throw new InvalidOperationException("the data plane has not been started");

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        _resolver = new NextHopResolver(Options.Create(new NextHopResolverOptions()), loggers.CreateLogger<NextHopResolver>(), timeProvider);
        _interfaces = InterfaceSelection.Choose(_resolver.Interfaces.Interfaces, settings.InterfaceNames());
        if (_interfaces.Count == 0)
        {
            throw new InvalidOperationException("no interface to forward on: none is up with an IPv4 address (or name them with --interfaces)");
        }

        var sockets = new List<PacketSocket>();
        var socketOptions = new PacketSocketOptions { ReceiveMode = settings.ReceiveMode };
        try
        {
            foreach (var item in _interfaces)
            {
                sockets.Add(PacketSocket.Open(item.Index, socketOptions));
                LogTapping(_logger, item.Name, item.Index, item.Mac, item.Mtu);
            }
        }
        catch
        {
            // The ones already open would otherwise outlive a failed start.
            foreach (var socket in sockets)
            {
                socket.Dispose();
            }

            throw;
        }

        _sockets = [.. sockets];
        _director = new Director(
            Options.Create(new DirectorOptions
            {
                ConnectionCapacity = settings.ConnectionCapacity,
                Timeouts = new ConnectionTimeouts
                {
                    TcpEstablished = TimeSpan.FromSeconds(settings.TcpTimeoutSeconds),
                    TcpFinWait = TimeSpan.FromSeconds(settings.TcpFinTimeoutSeconds),
                    Udp = TimeSpan.FromSeconds(settings.UdpTimeoutSeconds),
                },
            }),
            _resolver,
            new LocalInterfaces(_resolver),
            timeProvider);
        _loop = new ForwarderLoop(_sockets, _director.Processor, _director.Tick, Options.Create(new ForwarderLoopOptions()),
            loggers.CreateLogger<ForwarderLoop>(), timeProvider, _director.RunQueued);
        _running = _loop.Start(_stopping.Token);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        if (_running is { } running)
        {
            await running.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        // Whether or not this run installed it: a table left behind would keep dropping the VIP's traffic.
        try
        {
            await Task.Run(_guard.Remove, CancellationToken.None);
            _guardInstalled = false;
        }
        catch (InvalidOperationException e)
        {
            LogGuardRemoveFailed(_logger, e.Message);
        }
    }

    public Task<T> InvokeAsync<T>(Func<T> action)
    {
        var director = Started;
        return IsRunning ? director.InvokeAsync(action) : Task.FromException<T>(new InvalidOperationException("the forwarder is not running"));
    }

    public Task InstallGuardAsync(GuardRules rules, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rules);
        var taps = _interfaces.Select(i => i.Name).ToArray();
        WarmNextHops(rules);
        return Task.Run(() =>
        {
            _guard.Apply(taps, rules.VirtualServices, rules.RealServers);
            _guardInstalled = true;
        }, cancellationToken);
    }

    public void AnnounceVips(IReadOnlyCollection<uint> vips)
    {
        ArgumentNullException.ThrowIfNull(vips);
        var sender = new GratuitousArpSender(timeProvider, loggers.CreateLogger<GratuitousArpSender>());
        foreach (var vip in vips)
        {
            foreach (var item in InterfaceSelection.ForVip(_interfaces, vip))
            {
                var socket = Array.Find(_sockets, s => s.InterfaceIndex == item.Index);
                if (socket is not null)
                {
                    _ = AnnounceAsync(sender, socket, item.Mac, vip);
                }
            }
        }
    }

    public DataplaneStatistics ReadStatistics()
    {
        if (_loop is not { } loop)
        {
            return DataplaneStatistics.Empty;
        }

        var counters = loop.Counters;
        var drops = new Dictionary<DropReason, long>();
        foreach (var reason in Enum.GetValues<DropReason>())
        {
            drops[reason] = counters.Drops(reason);
        }

        var interfaces = new List<InterfaceStatistics>(counters.Interfaces.Count);
        for (int i = 0; i < counters.Interfaces.Count; i++)
        {
            var c = counters.Interfaces[i];
            var name = i < _interfaces.Count ? _interfaces[i].Name : c.InterfaceIndex.ToString(System.Globalization.CultureInfo.InvariantCulture);
            interfaces.Add(new InterfaceStatistics(name, c.RxFrames, c.RxBytes, c.TxFrames, c.TxBytes, c.TxErrors, c.RxRingDrops));
        }

        return new DataplaneStatistics(counters.Forwarded, counters.Replied, counters.Ignored, counters.GsoFrames, counters.HeldForNeighbour, drops, interfaces);
    }

    public async ValueTask DisposeAsync()
    {
        if (_director is not null && !_stopping.IsCancellationRequested)
        {
            await StopAsync(CancellationToken.None);
        }

        _loop?.Dispose();
        foreach (var socket in _sockets)
        {
            socket.Dispose();
        }

        _resolver?.Dispose();
        _stopping.Dispose();
        LogClosed(_logger, _guardInstalled);
    }

    // A frame whose next hop is not cached yet waits (up to 1 s) in the forwarder's neighbour queue; asking for every
    // real server now resolves them (ARP) before the first client arrives, so the first packets do not wait at all.
    private void WarmNextHops(GuardRules rules)
    {
        if (_resolver is { } resolver)
        {
            foreach (var server in rules.RealServers)
            {
                resolver.TryResolve(server.Address, out _);
            }
        }
    }

    private async Task AnnounceAsync(GratuitousArpSender sender, PacketSocket socket, MacAddress mac, uint vip)
    {
        try
        {
            await sender.AnnounceAsync(socket, mac, vip, cancellationToken: _stopping.Token);
        }
        catch (OperationCanceledException)
        {
        }
        catch (ObjectDisposedException)
        {
        }
    }
}

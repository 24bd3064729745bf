using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using LvsOperator.Api;
using LvsOperator.Api.AgentApi;
using LvsOperator.Api.Serialization;
using LvsOperator.Sandbox.Network;
using LvsOperator.Sandbox.Processes;

namespace LvsOperator.Sandbox.Directors;

/// <summary>
/// Runs the standalone agent as ARCHITECTURE.md §5 says: `ip netns exec DIRECTOR dotnet LvsOperator.Agent.dll --config FILE`,
/// ready when /readyz answers 200 and /v1/services shows the configuration; edits FILE in place to reconfigure;
/// SIGTERM to stop.
/// </summary>
public sealed class AgentDirector(NetnsTopology topology, string agentDll) : IDirector
{
    private static readonly TimeSpan StartLimit = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan ApplyLimit = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan StopLimit = TimeSpan.FromSeconds(15);

    private readonly string _workDirectory = Directory.CreateTempSubdirectory($"lvs-e2e-{topology.Id}-").FullName;
    private readonly ConcurrentQueue<string> _log = new();
    private readonly AgentHttp _http = new(topology.Director);
    private IReadOnlyList<VirtualService> _services = [];
    private RunningProcess? _process;

    public DirectorKind Kind => DirectorKind.Agent;

    public string GuardTable => "inet lvs_operator";

    public string ConfigPath => Path.Combine(_workDirectory, "services.yaml");

    public AgentHttp Http => _http;

    public async Task StartAsync(IReadOnlyList<VirtualService> services, CancellationToken cancellationToken = default)
    {
        await LaunchAsync(VirtualServiceYaml.Write(services), () => ShowsAsync(services, removed: [], cancellationToken), cancellationToken);
        _services = services;
    }

    /// <summary>Starts the agent on a copy of an existing FILE (the demo's examples/standalone.yaml); returns once /readyz says 200.</summary>
    public async Task StartFromFileAsync(string configFile, CancellationToken cancellationToken = default) =>
        await LaunchAsync(await File.ReadAllTextAsync(configFile, cancellationToken), () => Task.FromResult(true), cancellationToken);

    private async Task LaunchAsync(string configYaml, Func<Task<bool>> programmed, CancellationToken cancellationToken)
    {
        if (_process is { HasExited: false })
        {
            throw new InvalidOperationException("the agent is already running");
        }

        await File.WriteAllTextAsync(ConfigPath, configYaml, cancellationToken);
        _process = Launch();
        await WaitUntilAsync(StartLimit, "the agent to become ready with its configuration", async () =>
            (await _http.TryGetAsync(AgentHttpApi.Ready, cancellationToken))?.Status == HttpStatusCode.OK
            && await programmed(), cancellationToken);
    }

    public async Task ApplyAsync(IReadOnlyList<VirtualService> services, CancellationToken cancellationToken = default)
    {
        var before = ServicesView.TryRead((await _http.TryGetAsync(AgentHttpApi.Services, cancellationToken))?.Body)?.Config?.Generation ?? -1;
        var removed = BackendIps(_services).Except(BackendIps(services)).ToList();
        var yaml = VirtualServiceYaml.Write(services);
        var unchanged = yaml == await File.ReadAllTextAsync(ConfigPath, cancellationToken);
        // In place, not rename: the agent's watcher must see a write to the same path, as after `vi FILE`.
        await File.WriteAllTextAsync(ConfigPath, yaml, cancellationToken);
        await WaitUntilAsync(ApplyLimit, "the agent to apply the edited FILE", async () =>
        {
            // The agent counts every configuration it applies: a higher generation proves this edit was read (the
            // view alone does not: its counters change all the time). An unchanged FILE is not applied again.
            var now = await _http.TryGetAsync(AgentHttpApi.Services, cancellationToken);
            var view = now is { Status: HttpStatusCode.OK } ? ServicesView.TryRead(now.Value.Body) : null;
            return view is not null && (unchanged || (view.Config?.Generation ?? -1) > before)
                && ServicesView.Shows(view, services, removed)
                && (await _http.TryGetAsync(AgentHttpApi.Ready, cancellationToken))?.Status == HttpStatusCode.OK;
        }, cancellationToken);
        _services = services;
    }

    public async Task<int> StopAsync(CancellationToken cancellationToken = default)
    {
        await using var process = _process ?? throw new InvalidOperationException("the agent is not running");
        _process = null;
        process.Signal(ProcessSignal.Terminate);
        try
        {
            return (await process.WaitAsync(StopLimit, cancellationToken)).ExitCode;
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"the agent did not exit within {StopLimit} of SIGTERM\n{Diagnostics()}");
        }
    }

    /// <summary>
    /// SIGKILL, as a crash or the OOM killer would end it: nothing is cleaned up (its nftables table stays). Returns once
    /// the process is gone; <see cref="StartAsync"/> starts it again.
    /// </summary>
    public async Task KillAsync(CancellationToken cancellationToken = default)
    {
        await using var process = _process ?? throw new InvalidOperationException("the agent is not running");
        _process = null;
        process.Signal(ProcessSignal.Kill);
        await process.WaitAsync(StopLimit, cancellationToken);
    }

    public string Diagnostics() => $"agent log (last lines):\n{string.Join('\n', _log)}";

    public async ValueTask DisposeAsync()
    {
        if (_process is { } process)
        {
            _process = null;
            process.Signal(ProcessSignal.Terminate);
            try
            {
                await process.WaitAsync(TimeSpan.FromSeconds(5));
            }
            catch (TimeoutException)
            {
                // Killed: the namespace goes next anyway.
            }

            await process.DisposeAsync();
        }

        _http.Dispose();
        Directory.Delete(_workDirectory, recursive: true);
    }

    private RunningProcess Launch() =>
        ProcessRunner.Start(ProcessCommand.Of("dotnet", agentDll, "--config", ConfigPath).In(topology.Director), Remember);

    private void Remember(string line)
    {
        _log.Enqueue(line);
        while (_log.Count > 200 && _log.TryDequeue(out _))
        {
        }
    }

    private async Task<bool> ShowsAsync(IReadOnlyList<VirtualService> services, IReadOnlyList<string> removed, CancellationToken cancellationToken)
    {
        var answer = await _http.TryGetAsync(AgentHttpApi.Services, cancellationToken);
        return answer is { Status: HttpStatusCode.OK } && ServicesView.TryRead(answer.Value.Body) is { } view && ServicesView.Shows(view, services, removed);
    }

    private static IEnumerable<string> BackendIps(IEnumerable<VirtualService> services) =>
        services.SelectMany(s => s.Spec.Backends ?? []).Select(b => b.Ip);

    private async Task WaitUntilAsync(TimeSpan limit, string what, Func<Task<bool>> condition, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < limit)
        {
            if (_process is { HasExited: true } exited)
            {
                throw new InvalidOperationException($"the agent exited with {exited.ExitCode} while waiting for {what}\n{Diagnostics()}");
            }

            if (await condition())
            {
                return;
            }

            await Task.Delay(100, cancellationToken);
        }

        throw new TimeoutException($"timed out after {limit} waiting for {what}\n{Diagnostics()}");
    }
}

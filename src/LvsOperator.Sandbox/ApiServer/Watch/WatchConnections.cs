using System.Collections.Concurrent;
using Microsoft.AspNetCore.Http;

namespace LvsOperator.Sandbox.ApiServer.Watch;

/// <summary>
/// The watch streams being served right now, so a test can cut them all mid-stream (as an apiserver restart or a
/// load balancer's idle timeout would) and check that clients resume without missing or repeating a change.
/// </summary>
internal sealed class WatchConnections
{
    private readonly ConcurrentDictionary<HttpContext, byte> _live = new();

    public int Count => _live.Count;

    public Registration Track(HttpContext ctx)
    {
        _live[ctx] = 0;
        return new Registration(this, ctx);
    }

    /// <summary>Aborts every open watch's connection (HTTP/1.1) or stream (HTTP/2) and says how many there were.</summary>
    public int AbortAll()
    {
        var aborted = 0;
        foreach (var ctx in _live.Keys)
        {
            if (_live.TryRemove(ctx, out _))
            {
                ctx.Abort();
                aborted++;
            }
        }

        return aborted;
    }

    internal readonly struct Registration(WatchConnections owner, HttpContext ctx) : IDisposable
    {
        public void Dispose() => owner._live.TryRemove(ctx, out _);
    }
}

using System.Net.Sockets;
using System.Threading.Channels;

namespace LvsOperator.Sandbox.Network;

/// <summary>
/// Makes sockets inside one network namespace on a single long-lived thread that has entered it, for code that opens
/// connections there often (the kubelet's probes): a socket belongs to the namespace it was created in, and one
/// thread per namespace is cheaper than one per connection (<see cref="NetworkNamespace.Run{T}"/>).
/// </summary>
public sealed class NamespaceSockets : IDisposable
{
    private readonly Channel<(AddressFamily Family, SocketType Type, ProtocolType Protocol, TaskCompletionSource<Socket> Result)> _requests =
        Channel.CreateUnbounded<(AddressFamily, SocketType, ProtocolType, TaskCompletionSource<Socket>)>(new UnboundedChannelOptions { SingleReader = true });

    private readonly Task<bool> _serving;

    public NamespaceSockets(string networkNamespace)
    {
        NetworkNamespaceName = networkNamespace;
        _serving = NetworkNamespace.RunAsync(networkNamespace, Serve);
    }

    public string NetworkNamespaceName { get; }

    public async Task<Socket> CreateAsync(AddressFamily family, SocketType type, ProtocolType protocol)
    {
        var result = new TaskCompletionSource<Socket>(TaskCreationOptions.RunContinuationsAsynchronously);
        var queued = _requests.Writer.TryWrite((family, type, protocol, result));
        ObjectDisposedException.ThrowIf(!queued, this);

        // The thread ends only when disposed or when it could not enter the namespace: either way no answer comes.
        if (await Task.WhenAny(result.Task, _serving) != result.Task)
        {
            await _serving;
            throw new ObjectDisposedException(nameof(NamespaceSockets));
        }

        return await result.Task;
    }

    public Task<Socket> CreateTcpAsync() => CreateAsync(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);

    public void Dispose() => _requests.Writer.TryComplete();

    /// <summary>The namespace thread: blocks on the queue (synchronously, so it never hops to another thread) until disposed.</summary>
    private bool Serve()
    {
        var reader = _requests.Reader;
        while (reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
        {
            while (reader.TryRead(out var request))
            {
                try
                {
                    request.Result.SetResult(new Socket(request.Family, request.Type, request.Protocol));
                }
                catch (SocketException e)
                {
                    request.Result.SetException(e);
                }
            }
        }

        return true;
    }
}

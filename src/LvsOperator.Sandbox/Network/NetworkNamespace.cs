using System.Runtime.InteropServices;
using LvsOperator.Sandbox.Interop;

namespace LvsOperator.Sandbox.Network;

/// <summary>
/// Runs code inside a named network namespace (/run/netns/NAME) on a dedicated thread that has setns()'d into it.
/// A socket belongs to the namespace it was created in, so sockets made inside <see cref="Run{T}"/> can be used
/// from any thread afterwards. The thread is thrown away, so the namespace never leaks into the thread pool.
/// </summary>
public static class NetworkNamespace
{
    public static T Run<T>(string name, Func<T> func)
    {
        ArgumentNullException.ThrowIfNull(func);
        T result = default!;
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                Enter(name);
                result = func();
            }
            catch (Exception e)
            {
                failure = e;
            }
        })
        { IsBackground = true, Name = "netns " + name };
        thread.Start();
        thread.Join();
        if (failure is not null)
        {
            throw new AggregateException($"Code run in network namespace {name} failed: {failure.Message}", failure);
        }

        return result;
    }

    public static void Run(string name, Action action)
    {
        ArgumentNullException.ThrowIfNull(action);
        Run(name, () =>
        {
            action();
            return true;
        });
    }

    /// <summary>Like <see cref="Run{T}"/> but does not block the caller: for several client loops at once.</summary>
    public static Task<T> RunAsync<T>(string name, Func<T> func)
    {
        ArgumentNullException.ThrowIfNull(func);
        var completion = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                Enter(name);
                completion.SetResult(func());
            }
            catch (Exception e)
            {
                completion.SetException(e);
            }
        })
        { IsBackground = true, Name = "netns " + name };
        thread.Start();
        return completion.Task;
    }

    public static bool Exists(string name) => File.Exists(PathOf(name));

    public static string PathOf(string name) => "/run/netns/" + name;

    /// <summary>The index of an interface inside the namespace, for binding packet sockets to it.</summary>
    public static int InterfaceIndex(string name, string interfaceName) => Run(name, () =>
    {
        var index = LibC.IfNameToIndex(interfaceName);
        return index != 0
            ? (int)index
            : throw new InvalidOperationException($"no interface {interfaceName} in {name}: errno {Marshal.GetLastPInvokeError()}");
    });

    private static void Enter(string name)
    {
        // setns(CLONE_NEWNET) changes the network namespace of this thread only, not of the process.
        using var handle = File.OpenHandle(PathOf(name), FileMode.Open, FileAccess.Read);
        if (LibC.SetNs((int)handle.DangerousGetHandle(), LibC.CloneNewNet) != 0)
        {
            throw new InvalidOperationException($"setns into {name} failed: errno {Marshal.GetLastPInvokeError()}");
        }
    }
}

using System.Reflection;

namespace LvsOperator.Agent.Tests.Support;

/// <summary>
/// Wraps any client interface; once <see cref="Cut"/>, every call fails as across a network partition (nothing reaches
/// the API server). For the holder of a VIP that dies without releasing its Lease. <see cref="Calls"/> counts every
/// call, cut or not (to step a fake clock from one attempt to the next).
/// </summary>
public class CutOffProxy<T> : DispatchProxy
    where T : class
{
    private T _inner = null!;
    private int _calls;

    public bool Cut { get; set; }

    public int Calls => Volatile.Read(ref _calls);

    public static (T Client, CutOffProxy<T> Switch) Wrap(T inner)
    {
        var client = Create<T, CutOffProxy<T>>();
        var proxy = (CutOffProxy<T>)(object)client;
        proxy._inner = inner;
        return (client, proxy);
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(targetMethod);
        Interlocked.Increment(ref _calls);
        if (Cut)
        {
            throw new HttpRequestException($"{targetMethod.Name}: the API server is unreachable (cut off by the test)");
        }

        try
        {
            return targetMethod.Invoke(_inner, args);
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerException).Throw();
            throw;
        }
    }
}

using Tmds.Linux;

namespace LvsOperator.Dataplane.Tests.Netns;

/// <summary>
/// A few network namespaces joined by veth pairs, for the Io tests. Names carry a random suffix so parallel runs
/// never collide; Dispose deletes every namespace it made (and with them their veths), even after a failed test.
/// </summary>
internal sealed class NetnsTopology : IDisposable
{
    private readonly List<string> _namespaces = [];
    private readonly string _suffix = Convert.ToHexString(BitConverter.GetBytes(Random.Shared.Next())).ToLowerInvariant();

    public string AddNamespace(string role)
    {
        var name = $"lvsio-{role}-{_suffix}";
        Shell.Run("ip", $"netns add {name}");
        _namespaces.Add(name);
        Exec(name, "ip link set lo up");
        return name;
    }

    /// <summary>A veth pair with one end in each namespace, both up, each with an address if given (CIDR form).</summary>
    public void AddVeth(string nsA, string ifA, string? cidrA, string nsB, string ifB, string? cidrB, int mtu = 1500)
    {
        Shell.Run("ip", $"link add {ifA} netns {nsA} mtu {mtu} type veth peer {ifB} netns {nsB} mtu {mtu}");
        foreach (var (ns, name, cidr) in new[] { (nsA, ifA, cidrA), (nsB, ifB, cidrB) })
        {
            if (cidr is not null)
            {
                Exec(ns, $"ip addr add {cidr} dev {name}");
            }

            Exec(ns, $"ip link set {name} up");
        }
    }

    public static string Exec(string ns, string command, bool check = true)
    {
        var space = command.IndexOf(' ', StringComparison.Ordinal);
        var file = space < 0 ? command : command[..space];
        var arguments = space < 0 ? string.Empty : command[(space + 1)..];
        return Shell.Run("ip", $"netns exec {ns} {file} {arguments}", check: check);
    }

    public static int InterfaceIndex(string ns, string name) =>
        int.Parse(File.Exists($"/run/netns/{ns}")
            ? Exec(ns, $"cat /sys/class/net/{name}/ifindex").Trim()
            : throw new InvalidOperationException($"no namespace {ns}"), System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Runs <paramref name="func"/> on a thread that has entered <paramref name="ns"/>: sockets made there stay in it.</summary>
    public static T In<T>(string ns, Func<T> func)
    {
        T result = default!;
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                using var handle = File.OpenHandle($"/run/netns/{ns}");
                if (LibC.setns((int)handle.DangerousGetHandle(), LibC.CLONE_NEWNET) != 0)
                {
                    throw new InvalidOperationException($"setns({ns}) failed, errno {LibC.errno}");
                }

                result = func();
            }
            catch (Exception e)
            {
                failure = e;
            }
        });
        thread.Start();
        thread.Join();
        return failure is null ? result : throw new InvalidOperationException($"in {ns}: {failure.Message}", failure);
    }

    public void Dispose()
    {
        foreach (var name in _namespaces)
        {
            Shell.Run("ip", $"netns del {name}", check: false);
        }
    }
}

using System.Globalization;
using System.Security.Cryptography;
using LvsOperator.Sandbox.Processes;

namespace LvsOperator.Sandbox.Network;

/// <summary>
/// The network namespaces one run makes, named lvs-ID-ROLE, and veth pairs between them. The id is marked as owned
/// by this process (<see cref="LeftoverSweeper"/>), so namespaces a crashed run left behind are removed by the next
/// one and a parallel run's are never touched. Dispose deletes every namespace of the set, which removes their
/// links and kills whatever still runs inside them, also after a failed test. Thread-safe: the multi-node sandbox's
/// kubelets add and remove pod namespaces concurrently.
/// </summary>
public sealed class NamespaceSet : IDisposable
{
    public const string Prefix = "lvs-";

    private readonly List<string> _names = [];
    private readonly Lock _gate = new();

    private NamespaceSet(string id) => Id = id;

    /// <summary>Six hex digits, unique among live runs.</summary>
    public string Id { get; }

    public IReadOnlyList<string> Names
    {
        get
        {
            lock (_gate)
            {
                return [.. _names];
            }
        }
    }

    public static NamespaceSet Create()
    {
        LeftoverSweeper.Sweep();
        var set = new NamespaceSet(RandomNumberGenerator.GetHexString(6, lowercase: true));
        LeftoverSweeper.MarkOwned(set.Id);
        return set;
    }

    /// <summary>Name of the namespace <see cref="Add"/> makes for <paramref name="role"/>.</summary>
    public string NameOf(string role) => $"{Prefix}{Id}-{role}";

    /// <summary>Creates lvs-ID-ROLE with its loopback up and returns its name.</summary>
    public string Add(string role)
    {
        var name = NameOf(role);
        ProcessRunner.Run("ip", "netns", "add", name);
        lock (_gate)
        {
            _names.Add(name);
        }

        ProcessRunner.Run("ip", "-n", name, "link", "set", "lo", "up");
        return name;
    }

    /// <summary>A veth pair with one end in each namespace, both up, each with an address when one is given (CIDR form).</summary>
    public void AddVeth(string namespaceA, string interfaceA, string? cidrA, string namespaceB, string interfaceB, string? cidrB, int mtu = 1500)
    {
        var mtuText = mtu.ToString(CultureInfo.InvariantCulture);
        ProcessRunner.Run("ip", "link", "add", interfaceA, "netns", namespaceA, "mtu", mtuText,
            "type", "veth", "peer", interfaceB, "netns", namespaceB, "mtu", mtuText);
        foreach (var (ns, name, cidr) in new[] { (namespaceA, interfaceA, cidrA), (namespaceB, interfaceB, cidrB) })
        {
            if (cidr is not null)
            {
                ProcessRunner.Run("ip", "-n", ns, "addr", "add", cidr, "dev", name);
            }

            ProcessRunner.Run("ip", "-n", ns, "link", "set", name, "up");
        }
    }

    /// <summary>Deletes one namespace of the set (killing what still runs in it) before the set goes.</summary>
    public void Remove(string name)
    {
        lock (_gate)
        {
            if (!_names.Remove(name))
            {
                return;
            }
        }

        LeftoverSweeper.DeleteNamespace(name);
    }

    public void Dispose()
    {
        string[] names;
        lock (_gate)
        {
            names = [.. _names];
            _names.Clear();
        }

        // The newest first: pods before the nodes whose bridges their veths hang off.
        foreach (var name in Enumerable.Reverse(names))
        {
            LeftoverSweeper.DeleteNamespace(name);
        }

        LeftoverSweeper.Unmark(Id);
    }
}

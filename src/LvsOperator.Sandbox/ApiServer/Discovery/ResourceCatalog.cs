using System.Text.Json.Nodes;

namespace LvsOperator.Sandbox.ApiServer.Discovery;

/// <summary>
/// The served resources: built-ins plus every stored CRD. Rebuilt whole on each CRD write and swapped atomically,
/// so readers never lock.
/// </summary>
internal sealed class ResourceCatalog
{
    private volatile Snapshot _snapshot = Snapshot.Build([]);

    /// <summary>Bumped on every rebuild so OpenAPI/discovery caches know when to refresh.</summary>
    public int Generation => _snapshot.Generation;

    public IReadOnlyList<ResourceDefinition> All => _snapshot.All;

    public void Rebuild(IEnumerable<JsonObject> crds)
    {
        var custom = new List<ResourceDefinition>();
        foreach (var crd in crds)
        {
            custom.AddRange(CrdReader.Read(crd));
        }

        var next = Snapshot.Build(custom);
        next.Generation = _snapshot.Generation + 1;
        _snapshot = next;
    }

    public ResourceDefinition? Find(string group, string version, string plural) =>
        _snapshot.ByPath.GetValueOrDefault((group, version, plural));

    /// <summary>Group-versions in discovery order: core first, then groups as first seen (built-ins before CRDs).</summary>
    public IReadOnlyList<(string Group, IReadOnlyList<string> Versions)> Groups() => _snapshot.Groups;

    public IReadOnlyList<ResourceDefinition> InGroupVersion(string group, string version) =>
        _snapshot.ByGroupVersion.GetValueOrDefault((group, version)) ?? [];

    private sealed class Snapshot
    {
        public required List<ResourceDefinition> All { get; init; }

        public required Dictionary<(string, string, string), ResourceDefinition> ByPath { get; init; }

        public required Dictionary<(string, string), List<ResourceDefinition>> ByGroupVersion { get; init; }

        public required List<(string Group, IReadOnlyList<string> Versions)> Groups { get; init; }

        public int Generation { get; set; }

        public static Snapshot Build(List<ResourceDefinition> custom)
        {
            var all = new List<ResourceDefinition>(BuiltInResources.All);
            foreach (var c in custom)
            {
                // A CRD may not shadow a built-in.
                if (!all.Exists(b => b.Group == c.Group && b.Version == c.Version && b.Plural == c.Plural))
                {
                    all.Add(c);
                }
            }

            var byPath = new Dictionary<(string, string, string), ResourceDefinition>();
            var byGv = new Dictionary<(string, string), List<ResourceDefinition>>();
            var groups = new List<(string Group, List<string> Versions)>();
            foreach (var d in all)
            {
                byPath[(d.Group, d.Version, d.Plural)] = d;
                if (!byGv.TryGetValue((d.Group, d.Version), out var list))
                {
                    byGv[(d.Group, d.Version)] = list = [];
                    var g = groups.FindIndex(x => x.Group == d.Group);
                    if (g < 0)
                    {
                        groups.Add((d.Group, [d.Version]));
                    }
                    else
                    {
                        groups[g].Versions.Add(d.Version);
                    }
                }

                list.Add(d);
            }

            return new Snapshot
            {
                All = all,
                ByPath = byPath,
                ByGroupVersion = byGv,
                Groups = groups.ConvertAll(x => (x.Group, (IReadOnlyList<string>)x.Versions)),
            };
        }
    }
}

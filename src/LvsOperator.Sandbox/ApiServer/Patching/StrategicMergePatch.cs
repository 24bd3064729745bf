using System.Text.Json.Nodes;

namespace LvsOperator.Sandbox.ApiServer.Patching;

/// <summary>
/// An approximation of strategic merge patch without Go type metadata: a JSON merge patch, except that lists
/// known to be keyed (containers by name, ports by containerPort/port, conditions by type, ...) merge element
/// by element and finalizers merge as a set. Directives $patch (replace/delete), $deleteFromPrimitiveList and
/// $setElementOrder are honoured or dropped; $retainKeys is ignored. Also used to merge server-side apply configs.
/// </summary>
internal static class StrategicMergePatch
{
    private static readonly Dictionary<string, string[]> MergeKeys = new(StringComparer.Ordinal)
    {
        ["containers"] = ["name"],
        ["initContainers"] = ["name"],
        ["ephemeralContainers"] = ["name"],
        ["env"] = ["name"],
        ["volumes"] = ["name"],
        ["volumeMounts"] = ["mountPath"],
        ["volumeDevices"] = ["devicePath"],
        ["ports"] = ["containerPort", "port"],
        ["imagePullSecrets"] = ["name"],
        ["conditions"] = ["type"],
        ["ownerReferences"] = ["uid"],
        ["hostAliases"] = ["ip"],
        ["topologySpreadConstraints"] = ["topologyKey"],
        ["parents"] = ["node", "name"],
    };

    private static readonly HashSet<string> SetLists = new(StringComparer.Ordinal) { "finalizers" };

    public static JsonNode? Apply(JsonNode? target, JsonNode? patch) => Merge(target?.DeepClone(), patch);

    private static JsonNode? Merge(JsonNode? target, JsonNode? patch)
    {
        if (patch is not JsonObject p)
        {
            return Clean(patch?.DeepClone());
        }

        var directive = (string?)p["$patch"];
        if (directive == "replace")
        {
            return Clean(p.DeepClone());
        }

        if (directive == "delete")
        {
            return null;
        }

        var result = target as JsonObject ?? new JsonObject();
        foreach (var (key, value) in p)
        {
            if (key.StartsWith("$deleteFromPrimitiveList/", StringComparison.Ordinal))
            {
                var listKey = key["$deleteFromPrimitiveList/".Length..];
                if (result[listKey] is JsonArray list && value is JsonArray doomed)
                {
                    RemoveValues(list, doomed);
                }

                continue;
            }

            if (key.StartsWith('$'))
            {
                continue;
            }

            if (value is null)
            {
                result.Remove(key);
                continue;
            }

            var existing = result[key];
            if (value is JsonArray patchList && existing is JsonArray targetList)
            {
                if (MergeKeys.TryGetValue(key, out var keys))
                {
                    result[key] = MergeList(targetList, patchList, keys);
                    continue;
                }

                if (SetLists.Contains(key))
                {
                    result[key] = Union(targetList, patchList);
                    continue;
                }
            }

            var merged = Merge(existing?.DeepClone(), value);
            if (merged is null && value is JsonObject)
            {
                result.Remove(key);
            }
            else
            {
                result[key] = merged;
            }
        }

        return result;
    }

    private static JsonArray MergeList(JsonArray target, JsonArray patch, string[] keys)
    {
        var result = (JsonArray)target.DeepClone();
        foreach (var item in patch)
        {
            if (item is JsonObject element && (string?)element["$patch"] == "replace" && element.Count == 1)
            {
                result = [];
                continue;
            }

            if (item is not JsonObject patchElement)
            {
                result.Add(item?.DeepClone());
                continue;
            }

            var index = FindMatch(result, patchElement, keys);
            if ((string?)patchElement["$patch"] == "delete")
            {
                if (index >= 0)
                {
                    result.RemoveAt(index);
                }

                continue;
            }

            if (index >= 0)
            {
                result[index] = Merge(result[index]!.DeepClone(), patchElement);
            }
            else
            {
                result.Add(Clean(patchElement.DeepClone()));
            }
        }

        return result;
    }

    private static int FindMatch(JsonArray list, JsonObject element, string[] keys)
    {
        foreach (var key in keys)
        {
            var wanted = element[key];
            if (wanted is null)
            {
                continue;
            }

            for (var i = 0; i < list.Count; i++)
            {
                if (list[i] is JsonObject candidate && JsonNode.DeepEquals(candidate[key], wanted))
                {
                    return i;
                }
            }

            return -1;
        }

        return -1;
    }

    private static JsonArray Union(JsonArray target, JsonArray patch)
    {
        var result = (JsonArray)target.DeepClone();
        foreach (var item in patch)
        {
            var present = false;
            foreach (var existing in result)
            {
                present |= JsonNode.DeepEquals(existing, item);
            }

            if (!present)
            {
                result.Add(item?.DeepClone());
            }
        }

        return result;
    }

    private static void RemoveValues(JsonArray list, JsonArray doomed)
    {
        for (var i = list.Count - 1; i >= 0; i--)
        {
            foreach (var d in doomed)
            {
                if (JsonNode.DeepEquals(list[i], d))
                {
                    list.RemoveAt(i);
                    break;
                }
            }
        }
    }

    /// <summary>Strips directives from a subtree that is inserted whole.</summary>
    private static JsonNode? Clean(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var key in o.Select(kv => kv.Key).Where(k => k.StartsWith('$')).ToList())
                {
                    o.Remove(key);
                }

                foreach (var (_, child) in o)
                {
                    Clean(child);
                }

                break;
            case JsonArray a:
                foreach (var child in a)
                {
                    Clean(child);
                }

                break;
        }

        return node;
    }
}

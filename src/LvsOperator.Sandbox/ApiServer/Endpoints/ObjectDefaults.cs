using System.Globalization;
using System.Text.Json.Nodes;
using LvsOperator.Sandbox.ApiServer.Discovery;
using LvsOperator.Sandbox.ApiServer.Serialization;

namespace LvsOperator.Sandbox.ApiServer.Endpoints;

/// <summary>
/// What the apiserver's registry strategies and the absent controllers would fill in: Namespace phase, CRD
/// Established/NamesAccepted, and (when simulated) Deployment/DaemonSet status as fully rolled out so
/// `helm install --wait` and kstatus see them Current.
/// </summary>
internal static class ObjectDefaults
{
    public static void OnCreate(ResourceDefinition def, JsonObject obj, string now)
    {
        if (def.Kind == "Namespace" && !def.IsCustom)
        {
            obj["status"] = new JsonObject { ["phase"] = "Active" };
        }

        if (def.Kind == "CustomResourceDefinition" && !def.IsCustom)
        {
            var names = obj["spec"]?["names"]?.DeepClone();
            obj["status"] = new JsonObject
            {
                ["acceptedNames"] = names,
                ["storedVersions"] = StoredVersions(obj),
                ["conditions"] = new JsonArray
                {
                    Condition("NamesAccepted", "NoConflicts", "no conflicts found", now),
                    Condition("Established", "InitialNamesAccepted", "the initial names have been accepted", now),
                },
            };
        }
    }

    /// <summary>Gives a Deployment or DaemonSet a rolled-out status; <paramref name="countNodes"/> is asked only for a DaemonSet.</summary>
    public static void SimulateWorkload(ResourceDefinition def, JsonObject obj, Func<int> countNodes)
    {
        if (def.Group != "apps" || def.IsCustom)
        {
            return;
        }

        var generation = JsonText.Int(obj["metadata"]?["generation"]) ?? 1;
        if (def.Kind == "Deployment")
        {
            var replicas = JsonText.Int(obj["spec"]?["replicas"]) ?? 1;
            var now = (string?)obj["metadata"]?["creationTimestamp"] ?? string.Empty;
            obj["status"] = new JsonObject
            {
                ["observedGeneration"] = generation,
                ["replicas"] = replicas,
                ["updatedReplicas"] = replicas,
                ["readyReplicas"] = replicas,
                ["availableReplicas"] = replicas,
                ["conditions"] = new JsonArray
                {
                    Condition("Available", "MinimumReplicasAvailable", "Deployment has minimum availability.", now),
                    Condition("Progressing", "NewReplicaSetAvailable", "ReplicaSet has successfully progressed.", now),
                },
            };
        }
        else if (def.Kind == "DaemonSet")
        {
            var nodeCount = countNodes();
            obj["status"] = new JsonObject
            {
                ["observedGeneration"] = generation,
                ["desiredNumberScheduled"] = nodeCount,
                ["currentNumberScheduled"] = nodeCount,
                ["updatedNumberScheduled"] = nodeCount,
                ["numberReady"] = nodeCount,
                ["numberAvailable"] = nodeCount,
                ["numberMisscheduled"] = 0,
            };
        }
    }

    public static string Timestamp(TimeProvider time) =>
        time.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static JsonArray StoredVersions(JsonObject crd)
    {
        var result = new JsonArray();
        if (crd["spec"]?["versions"] is JsonArray versions)
        {
            foreach (var v in versions)
            {
                if (v?["storage"]?.GetValue<bool>() == true)
                {
                    result.Add((string?)v["name"]);
                }
            }
        }

        return result;
    }

    private static JsonObject Condition(string type, string reason, string message, string now) => new()
    {
        ["type"] = type,
        ["status"] = "True",
        ["reason"] = reason,
        ["message"] = message,
        ["lastTransitionTime"] = now,
    };
}

using System.Text.Json.Nodes;
using LvsOperator.Sandbox.ApiServer.Discovery;
using LvsOperator.Sandbox.ApiServer.Schema;
using LvsOperator.Sandbox.ApiServer.Serialization;
using LvsOperator.Sandbox.ApiServer.Storage;

namespace LvsOperator.Sandbox.ApiServer.Endpoints;

/// <summary>
/// The registry strategy shared by create, update, patch and delete: server-owned metadata, generation that
/// moves only on changes outside metadata and status, the status subresource split, finalizers and
/// deletionTimestamp, schema enforcement for custom resources, and 409s on stale resourceVersions.
/// </summary>
internal sealed class ObjectLifecycle(ObjectStore store, TimeProvider time, SandboxApiServerOptions options)
{
    private const string NameAlphabet = "bcdfghjklmnpqrstvwxz2456789";

    /// <summary>Fills and checks a new object; the result is ready to store under its key.</summary>
    public JsonObject PrepareCreate(ResourceRequest req, JsonObject obj, WriteOptions write, List<string> warnings)
    {
        var def = req.Definition;
        CheckKind(def, obj);
        obj["apiVersion"] = def.GroupVersion;
        obj["kind"] = def.Kind;
        var meta = JsonText.Metadata(obj);
        var name = (string?)meta["name"];
        if (string.IsNullOrEmpty(name))
        {
            var prefix = (string?)meta["generateName"];
            if (string.IsNullOrEmpty(prefix))
            {
                throw Invalid(def, string.Empty, new FieldError("metadata.name", "FieldValueRequired", "Required value: name or generateName is required"));
            }

            name = prefix + RandomSuffix();
            meta["name"] = name;
        }

        if (def.Namespaced)
        {
            var bodyNs = (string?)meta["namespace"];
            if (!string.IsNullOrEmpty(bodyNs) && req.Namespace is not null && bodyNs != req.Namespace)
            {
                throw ApiException.BadRequest("the namespace of the provided object does not match the namespace sent on the request");
            }

            var ns = req.Namespace ?? bodyNs ?? "default";
            meta["namespace"] = ns;
            if (store.Get(new ObjectKey("/namespaces", string.Empty, ns)) is null)
            {
                throw ApiException.NotFound("namespaces", string.Empty, ns);
            }
        }
        else
        {
            meta.Remove("namespace");
        }

        var now = ObjectDefaults.Timestamp(time);
        meta["uid"] = Guid.NewGuid().ToString();
        meta["creationTimestamp"] = now;
        meta["generation"] = 1;
        meta.Remove("resourceVersion");
        meta.Remove("deletionTimestamp");
        meta.Remove("deletionGracePeriodSeconds");
        meta.Remove("managedFields");
        meta.Remove("selfLink");
        if (def.HasStatus && def.IsCustom)
        {
            obj.Remove("status");
        }

        ObjectDefaults.OnCreate(def, obj, now);
        Enforce(def, obj, write, warnings);
        if (options.SimulateWorkloadStatus)
        {
            ObjectDefaults.SimulateWorkload(def, obj, CountNodes);
        }

        return obj;
    }

    /// <summary>Decides an update of current (a clone) to incoming, for PUT and for patches after they are applied.</summary>
    public StoreChange DecideUpdate(ResourceRequest req, JsonObject? current, JsonObject incoming, WriteOptions write, List<string> warnings)
    {
        var def = req.Definition;
        var name = req.Name!;
        if (current is null)
        {
            throw ApiException.NotFound(def.Plural, def.Group, name);
        }

        CheckKind(def, incoming);
        var currentMeta = JsonText.Metadata(current);
        var incomingMeta = JsonText.Metadata(incoming);
        var wantedRv = (string?)incomingMeta["resourceVersion"];
        if (!string.IsNullOrEmpty(wantedRv) && wantedRv != (string?)currentMeta["resourceVersion"])
        {
            throw ApiException.Conflict(def.Plural, def.Group, name);
        }

        var incomingName = (string?)incomingMeta["name"];
        if (!string.IsNullOrEmpty(incomingName) && incomingName != name)
        {
            throw ApiException.BadRequest($"the name of the object ({incomingName}) does not match the name on the URL ({name})");
        }

        JsonObject next;
        if (req.Subresource == "status")
        {
            next = (JsonObject)current.DeepClone();
            if (incoming["status"] is { } status)
            {
                next["status"] = status.DeepClone();
            }
            else
            {
                next.Remove("status");
            }
        }
        else
        {
            next = incoming;
            if (def.HasStatus)
            {
                next["status"] = current["status"]?.DeepClone();
                if (next["status"] is null)
                {
                    next.Remove("status");
                }
            }
        }

        next["apiVersion"] = def.GroupVersion;
        next["kind"] = def.Kind;
        var meta = JsonText.Metadata(next);
        foreach (var key in (string[])["name", "namespace", "uid", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds", "generation", "resourceVersion"])
        {
            if (currentMeta[key] is { } keep)
            {
                meta[key] = keep.DeepClone();
            }
            else
            {
                meta.Remove(key);
            }
        }

        meta.Remove("managedFields");
        Enforce(def, next, write, warnings);
        if (SpecChanged(current, next))
        {
            meta["generation"] = (JsonText.Int(currentMeta["generation"]) ?? 1) + 1;
        }

        if (options.SimulateWorkloadStatus && req.Subresource is null)
        {
            ObjectDefaults.SimulateWorkload(def, next, CountNodes);
        }

        if (JsonNode.DeepEquals(current, next))
        {
            return StoreChange.Keep(current);
        }

        if (meta["deletionTimestamp"] is not null && Finalizers(next) == 0)
        {
            return StoreChange.Remove(next);
        }

        return StoreChange.Put(next);
    }

    /// <summary>Delete honouring preconditions; with finalizers the object only gains a deletionTimestamp.</summary>
    public StoreChange DecideDelete(ResourceRequest req, JsonObject? current, JsonObject? deleteOptions)
    {
        var def = req.Definition;
        if (current is null)
        {
            throw ApiException.NotFound(def.Plural, def.Group, req.Name!);
        }

        var meta = JsonText.Metadata(current);
        if (deleteOptions?["preconditions"] is JsonObject pre)
        {
            if ((string?)pre["uid"] is { Length: > 0 } uid && uid != (string?)meta["uid"])
            {
                throw new ApiException(409, "Conflict", $"Precondition failed: UID in precondition: {uid}, UID in object meta: {(string?)meta["uid"]}");
            }

            if ((string?)pre["resourceVersion"] is { Length: > 0 } rv && rv != (string?)meta["resourceVersion"])
            {
                throw ApiException.Conflict(def.Plural, def.Group, req.Name!);
            }
        }

        if (Finalizers(current) == 0)
        {
            return StoreChange.Remove(current);
        }

        var grace = GracePeriod(def, current, deleteOptions);
        if (meta["deletionTimestamp"] is not null)
        {
            // A second delete may only shorten a pod's grace period (kubectl delete --grace-period=0 --force).
            if (grace < (JsonText.Int(meta["deletionGracePeriodSeconds"]) ?? 0))
            {
                meta["deletionGracePeriodSeconds"] = grace;
                return StoreChange.Put(current);
            }

            return StoreChange.Keep(current);
        }

        meta["deletionTimestamp"] = ObjectDefaults.Timestamp(time);
        meta["deletionGracePeriodSeconds"] = grace;
        meta["generation"] = (JsonText.Int(meta["generation"]) ?? 1) + 1;
        return StoreChange.Put(current);
    }

    /// <summary>
    /// The seconds a deleted object has before it goes: for a pod, what the DeleteOptions ask, else its
    /// terminationGracePeriodSeconds, else 30 (the kubelet that holds its finalizer honours it); 0 for anything else.
    /// </summary>
    private static long GracePeriod(ResourceDefinition def, JsonObject current, JsonObject? deleteOptions)
    {
        if (def.IsCustom || def.StorageKind != "/pods")
        {
            return 0;
        }

        var asked = JsonText.Int(deleteOptions?["gracePeriodSeconds"]);
        return Math.Max(0, asked ?? JsonText.Int(current["spec"]?["terminationGracePeriodSeconds"]) ?? 30);
    }

    private static void Enforce(ResourceDefinition def, JsonObject obj, WriteOptions write, List<string> warnings)
    {
        if (def.Schema is null)
        {
            return;
        }

        var outcome = StructuralSchema.Enforce(obj, def.Schema);
        if (outcome.Pruned.Count > 0)
        {
            if (write.FieldValidation == "Strict")
            {
                var fields = string.Join(", ", outcome.Pruned.Select(p => $"unknown field \"{p}\""));
                throw ApiException.BadRequest($"strict decoding error: {fields}");
            }

            if (write.FieldValidation != "Ignore")
            {
                warnings.AddRange(outcome.Pruned.Select(p => $"unknown field \"{p}\""));
            }
        }

        if (outcome.Errors.Count > 0)
        {
            throw Invalid(def, (string?)obj["metadata"]?["name"] ?? string.Empty, [.. outcome.Errors]);
        }
    }

    private static ApiException Invalid(ResourceDefinition def, string name, params FieldError[] errors) =>
        ApiException.Invalid(def.Kind, def.Group, name, errors);

    private static bool SpecChanged(JsonObject before, JsonObject after)
    {
        foreach (var (key, value) in after)
        {
            if (key is not ("metadata" or "status" or "apiVersion" or "kind") && !JsonNode.DeepEquals(value, before[key]))
            {
                return true;
            }
        }

        foreach (var (key, _) in before)
        {
            if (key is not ("metadata" or "status" or "apiVersion" or "kind") && !after.ContainsKey(key))
            {
                return true;
            }
        }

        return false;
    }

    private static int Finalizers(JsonObject obj) => obj["metadata"]?["finalizers"] is JsonArray f ? f.Count : 0;

    private static void CheckKind(ResourceDefinition def, JsonObject obj)
    {
        var kind = (string?)obj["kind"];
        if (!string.IsNullOrEmpty(kind) && kind != def.Kind)
        {
            throw ApiException.BadRequest($"the API version in the data ({(string?)obj["apiVersion"]}) does not match the expected API version ({def.GroupVersion}) or kind {kind} does not match {def.Kind}");
        }
    }

    private int CountNodes() => store.List("/nodes", null).Items.Count;

    private static string RandomSuffix()
    {
        Span<char> chars = stackalloc char[5];
        for (var i = 0; i < chars.Length; i++)
        {
            chars[i] = NameAlphabet[Random.Shared.Next(NameAlphabet.Length)];
        }

        return new string(chars);
    }
}

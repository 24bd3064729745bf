using LvsOperator.Sandbox.ApiServer.Auth;
using LvsOperator.Sandbox.ApiServer.Discovery;
using LvsOperator.Sandbox.ApiServer.Storage;

namespace LvsOperator.Sandbox.ApiServer.Endpoints;

/// <summary>
/// Consequences of a write beyond the object itself: CRD changes rebuild discovery and drop the CRD's objects
/// when it goes; a namespace that goes takes its contents with it (immediately, finalizers of contents ignored);
/// a ServiceAccount that goes takes its token with it.
/// </summary>
internal sealed class StoreCascades(ObjectStore store, ResourceCatalog catalog, ServiceAccountTokens tokens)
{
    public const string CrdStorageKind = "apiextensions.k8s.io/customresourcedefinitions";

    public void AfterWrite(ResourceDefinition def, ObjectKey key, StoreChangeKind change)
    {
        if (def.IsCustom)
        {
            return;
        }

        if (def.StorageKind == CrdStorageKind)
        {
            if (change == StoreChangeKind.Remove)
            {
                // CRD names are <plural>.<group>.
                var dot = key.Name.IndexOf('.', StringComparison.Ordinal);
                if (dot > 0)
                {
                    var storage = key.Name[(dot + 1)..] + "/" + key.Name[..dot];
                    store.RemoveWhere(k => k.StorageKind == storage);
                }
            }

            RebuildCatalog();
        }
        else if (def.StorageKind == "/namespaces" && change == StoreChangeKind.Remove)
        {
            var accounts = store.List("/serviceaccounts", key.Name).Items;
            store.RemoveWhere(k => k.Namespace == key.Name);
            foreach (var sa in accounts)
            {
                tokens.Revoke(key.Name, (string?)sa["metadata"]?["name"] ?? string.Empty);
            }
        }
        else if (def.StorageKind == "/serviceaccounts" && change == StoreChangeKind.Remove)
        {
            // A deleted ServiceAccount's token stops working, as a bound token would.
            tokens.Revoke(key.Namespace, key.Name);
        }
    }

    public void RebuildCatalog() => catalog.Rebuild(store.List(CrdStorageKind, null).Items);
}

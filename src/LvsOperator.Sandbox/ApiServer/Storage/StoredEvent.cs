using System.Text.Json.Nodes;

namespace LvsOperator.Sandbox.ApiServer.Storage;

/// <summary>
/// One change as watchers see it: ADDED, MODIFIED or DELETED, at the revision it was made. Previous is the
/// object before a MODIFIED, so a filtered watch can turn "stopped matching" into DELETED.
/// </summary>
internal sealed record StoredEvent(string Type, ObjectKey Key, JsonObject Object, long Revision, JsonObject? Previous = null);

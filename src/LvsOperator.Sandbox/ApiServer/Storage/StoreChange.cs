using System.Text.Json.Nodes;

namespace LvsOperator.Sandbox.ApiServer.Storage;

/// <summary>What a write decided to do with the current object: leave it, put a new one, or remove it.</summary>
internal sealed record StoreChange(StoreChangeKind Kind, JsonObject? Object)
{
    public static StoreChange Keep(JsonObject current) => new(StoreChangeKind.None, current);

    public static StoreChange Put(JsonObject next) => new(StoreChangeKind.Put, next);

    public static StoreChange Remove(JsonObject last) => new(StoreChangeKind.Remove, last);
}

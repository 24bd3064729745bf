using System.Text.Json.Nodes;

namespace LvsOperator.Sandbox.ApiServer.Endpoints;

/// <summary>An error that ends a request with a meta/v1 Status body; thrown only on the request path, never per packet.</summary>
internal sealed class ApiException(int code, string reason, string message, JsonObject? details = null) : Exception(message)
{
    public int Code { get; } = code;

    public string Reason { get; } = reason;

    public JsonObject? Details { get; } = details;

    public static ApiException NotFound(string resource, string group, string name) =>
        new(404, "NotFound", $"{Qualified(resource, group)} \"{name}\" not found", Describe(resource, group, name));

    public static ApiException AlreadyExists(string resource, string group, string name) =>
        new(409, "AlreadyExists", $"{Qualified(resource, group)} \"{name}\" already exists", Describe(resource, group, name));

    public static ApiException Conflict(string resource, string group, string name) =>
        new(409, "Conflict",
            $"Operation cannot be fulfilled on {Qualified(resource, group)} \"{name}\": the object has been modified; please apply your changes to the latest version and try again",
            Describe(resource, group, name));

    public static ApiException BadRequest(string message) => new(400, "BadRequest", message);

    public static ApiException MethodNotAllowed(string message) => new(405, "MethodNotAllowed", message);

    public static ApiException Gone(string message) => new(410, "Expired", message);

    public static ApiException UnsupportedMediaType(string contentType) =>
        new(415, "UnsupportedMediaType", $"the body of the request was in an unknown format - accepted media types include: application/json, application/yaml, application/vnd.kubernetes.protobuf (got {contentType})");

    public static ApiException Forbidden(string message) => new(403, "Forbidden", message);

    public static ApiException Unauthorized() => new(401, "Unauthorized", "Unauthorized");

    /// <summary>422 Invalid worded as the apiserver does: Kind "name" is invalid: path: Reason: detail, ...</summary>
    public static ApiException Invalid(string kind, string group, string name, IReadOnlyList<FieldError> errors)
    {
        var causes = new JsonArray();
        var parts = new List<string>(errors.Count);
        foreach (var e in errors)
        {
            causes.Add(new JsonObject { ["reason"] = e.Type, ["message"] = e.Message, ["field"] = e.Field });
            parts.Add($"{e.Field}: {e.Message}");
        }

        var joined = parts.Count == 1 ? parts[0] : "[" + string.Join(", ", parts) + "]";
        var details = new JsonObject { ["name"] = name, ["group"] = group, ["kind"] = kind, ["causes"] = causes };
        return new ApiException(422, "Invalid", $"{kind}.{group} \"{name}\" is invalid: {joined}".Replace($"{kind}. ", $"{kind} ", StringComparison.Ordinal), details);
    }

    public JsonObject ToStatus() => new()
    {
        ["kind"] = "Status",
        ["apiVersion"] = "v1",
        ["metadata"] = new JsonObject(),
        ["status"] = "Failure",
        ["message"] = Message,
        ["reason"] = Reason,
        ["details"] = Details?.DeepClone(),
        ["code"] = Code,
    };

    private static string Qualified(string resource, string group) => group.Length == 0 ? resource : $"{resource}.{group}";

    private static JsonObject Describe(string resource, string group, string name) =>
        new() { ["name"] = name, ["group"] = group, ["kind"] = resource };
}

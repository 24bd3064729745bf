using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using LvsOperator.Sandbox.ApiServer.Discovery;

namespace LvsOperator.Sandbox.ApiServer.Tables;

/// <summary>
/// Builds meta.k8s.io/v1 Table responses: Name plus a CRD's additionalPrinterColumns (date columns rendered as
/// ages like the apiserver does), or Name and Age for built-ins and CRDs without columns.
/// </summary>
internal sealed class TableBuilder(TimeProvider time)
{
    private static readonly PrinterColumn AgeColumn = new("Age", "date", string.Empty, "CreationTimestamp is a timestamp representing the server time when this object was created.", 0, ".metadata.creationTimestamp");

    public static bool Wants(string? accept) =>
        accept is not null && accept.Contains("as=Table", StringComparison.Ordinal);

    public JsonObject Build(ResourceDefinition def, IReadOnlyList<JsonObject> items, string resourceVersion, string? continueToken)
    {
        var columns = def.PrinterColumns.Count > 0 ? def.PrinterColumns : [AgeColumn];
        var definitions = new JsonArray
        {
            new JsonObject { ["name"] = "Name", ["type"] = "string", ["format"] = "name", ["description"] = "Name must be unique within a namespace.", ["priority"] = 0 },
        };
        foreach (var c in columns)
        {
            definitions.Add(new JsonObject { ["name"] = c.Name, ["type"] = c.Type, ["format"] = c.Format, ["description"] = c.Description, ["priority"] = c.Priority });
        }

        var rows = new JsonArray();
        foreach (var item in items)
        {
            var cells = new JsonArray { (string?)item["metadata"]?["name"] };
            foreach (var c in columns)
            {
                cells.Add(Cell(item, c));
            }

            rows.Add(new JsonObject
            {
                ["cells"] = cells,
                ["object"] = new JsonObject
                {
                    ["kind"] = "PartialObjectMetadata",
                    ["apiVersion"] = "meta.k8s.io/v1",
                    ["metadata"] = item["metadata"]?.DeepClone(),
                },
            });
        }

        var meta = new JsonObject { ["resourceVersion"] = resourceVersion };
        if (continueToken is not null)
        {
            meta["continue"] = continueToken;
        }

        return new JsonObject
        {
            ["kind"] = "Table",
            ["apiVersion"] = "meta.k8s.io/v1",
            ["metadata"] = meta,
            ["columnDefinitions"] = definitions,
            ["rows"] = rows,
        };
    }

    private JsonNode? Cell(JsonObject item, PrinterColumn column)
    {
        var value = SimpleJsonPath.Evaluate(item, column.JsonPath);
        if (value is null)
        {
            return null;
        }

        if (column.Type == "date" && value.GetValueKind() == JsonValueKind.String
            && DateTimeOffset.TryParse(value.ToString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var when))
        {
            return Age(time.GetUtcNow() - when);
        }

        return value.GetValueKind() switch
        {
            JsonValueKind.Object or JsonValueKind.Array => value.ToJsonString(),
            _ => value.DeepClone(),
        };
    }

    /// <summary>Human age as kubectl prints it (duration.HumanDuration, coarsened).</summary>
    internal static string Age(TimeSpan d)
    {
        if (d < TimeSpan.Zero)
        {
            d = TimeSpan.Zero;
        }

        if (d.TotalSeconds < 120)
        {
            return $"{(int)d.TotalSeconds}s";
        }

        if (d.TotalMinutes < 10)
        {
            return d.Seconds == 0 ? $"{(int)d.TotalMinutes}m" : $"{(int)d.TotalMinutes}m{d.Seconds}s";
        }

        if (d.TotalHours < 3)
        {
            return $"{(int)d.TotalMinutes}m";
        }

        if (d.TotalHours < 48)
        {
            return $"{(int)d.TotalHours}h";
        }

        return $"{(int)d.TotalDays}d";
    }
}

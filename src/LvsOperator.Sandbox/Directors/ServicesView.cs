using System.Text.Json;

namespace LvsOperator.Sandbox.Directors;

/// <summary>
/// Decides whether the agent's /v1/services JSON reflects a configuration without depending on its exact shape:
/// every VIP and backend address appears as a string, removed backends do not, and any object that names a
/// backend address next to a numeric "weight" carries the configured weight.
/// </summary>
internal static class ServicesView
{
    public static bool Shows(string json, IReadOnlyList<VirtualServiceDefinition> services, IReadOnlyList<string> removed)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException)
        {
            return false;
        }

        using (document)
        {
            var strings = new HashSet<string>(StringComparer.Ordinal);
            var weights = new Dictionary<string, HashSet<int>>(StringComparer.Ordinal);
            Walk(document.RootElement, strings, weights);
            var wanted = services.SelectMany(s => s.Backends).ToList();
            return services.All(s => strings.Contains(s.Vip))
                && wanted.All(b => strings.Contains(b.Ip))
                && !removed.Any(strings.Contains)
                && wanted.All(b => !weights.TryGetValue(b.Ip, out var seen) || seen.Contains(b.Weight));
        }
    }

    private static void Walk(JsonElement element, HashSet<string> strings, Dictionary<string, HashSet<int>> weights)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                var text = element.GetString()!;
                strings.Add(text);
                strings.Add(text.Split(':')[0]); // "198.18.1.11:8080" style endpoints
                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    Walk(item, strings, weights);
                }

                break;
            case JsonValueKind.Object:
                int? weight = null;
                var addresses = new List<string>();
                foreach (var property in element.EnumerateObject())
                {
                    if (property.NameEquals("weight") && property.Value.TryGetInt32(out var w))
                    {
                        weight = w;
                    }
                    else if (property.Value.ValueKind == JsonValueKind.String)
                    {
                        addresses.Add(property.Value.GetString()!.Split(':')[0]);
                    }

                    Walk(property.Value, strings, weights);
                }

                if (weight is { } value)
                {
                    foreach (var address in addresses)
                    {
                        (weights.TryGetValue(address, out var set) ? set : weights[address] = []).Add(value);
                    }
                }

                break;
        }
    }
}

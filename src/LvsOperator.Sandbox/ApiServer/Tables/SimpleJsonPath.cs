using System.Text.Json.Nodes;

namespace LvsOperator.Sandbox.ApiServer.Tables;

/// <summary>
/// The JSONPath subset printer columns use: .a.b, .a[0], .a[*].b (first match), and one filter
/// .a[?(@.key=="value")].b. Returns the first value found, or null.
/// </summary>
internal static class SimpleJsonPath
{
    public static JsonNode? Evaluate(JsonNode? root, string path)
    {
        path = path.Trim();
        if (path.StartsWith('{') && path.EndsWith('}'))
        {
            path = path[1..^1];
        }

        if (path.StartsWith('$'))
        {
            path = path[1..];
        }

        var node = root;
        var i = 0;
        while (node is not null && i < path.Length)
        {
            if (path[i] == '.')
            {
                i++;
                var end = i;
                while (end < path.Length && path[end] is not ('.' or '['))
                {
                    end++;
                }

                node = node is JsonObject o ? o[path[i..end]] : null;
                i = end;
            }
            else if (path[i] == '[')
            {
                var end = FindClose(path, i);
                var inner = path[(i + 1)..end];
                node = Index(node, inner);
                i = end + 1;
            }
            else
            {
                return null;
            }
        }

        return node;
    }

    private static int FindClose(string path, int open)
    {
        var depth = 0;
        for (var j = open; j < path.Length; j++)
        {
            if (path[j] == '[' || path[j] == '(')
            {
                depth++;
            }
            else if ((path[j] == ']' || path[j] == ')') && --depth == 0 && path[j] == ']')
            {
                return j;
            }
        }

        return path.Length - 1;
    }

    private static JsonNode? Index(JsonNode? node, string inner)
    {
        if (node is not JsonArray a)
        {
            return null;
        }

        if (int.TryParse(inner, out var index))
        {
            return index >= 0 && index < a.Count ? a[index] : null;
        }

        if (inner == "*")
        {
            return a.Count > 0 ? a[0] : null;
        }

        // ?(@.type=="Ready")
        if (inner.StartsWith("?(@.", StringComparison.Ordinal) && inner.EndsWith(')'))
        {
            var expr = inner[4..^1];
            var eq = expr.IndexOf("==", StringComparison.Ordinal);
            if (eq < 0)
            {
                return null;
            }

            var key = expr[..eq].Trim();
            var value = expr[(eq + 2)..].Trim().Trim('"', '\'');
            foreach (var item in a)
            {
                if (item is JsonObject o && o[key] is JsonValue v && v.ToString() == value)
                {
                    return item;
                }
            }
        }

        return null;
    }
}

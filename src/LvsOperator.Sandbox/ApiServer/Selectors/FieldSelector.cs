using System.Text.Json.Nodes;
using LvsOperator.Sandbox.ApiServer.Endpoints;

namespace LvsOperator.Sandbox.ApiServer.Selectors;

/// <summary>
/// A fieldSelector over dotted paths (metadata.name, metadata.namespace, and any simple path such as
/// spec.nodeName or type) with =, == and !=. The real apiserver allows only a per-kind whitelist; this is looser.
/// </summary>
internal sealed class FieldSelector
{
    private readonly List<(string Path, bool Equal, string Value)> _terms;

    private FieldSelector(List<(string, bool, string)> terms) => _terms = terms;

    public static FieldSelector Everything { get; } = new([]);

    public static FieldSelector Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return Everything;
        }

        var terms = new List<(string, bool, string)>();
        foreach (var raw in text.Split(','))
        {
            var term = raw.Trim();
            var ne = term.IndexOf("!=", StringComparison.Ordinal);
            if (ne > 0)
            {
                terms.Add((term[..ne], false, term[(ne + 2)..]));
                continue;
            }

            var eq = term.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                throw ApiException.BadRequest($"invalid selector: '{text}'; can't understand '{term}'");
            }

            terms.Add((term[..eq], true, term[(eq + 1)..].TrimStart('=')));
        }

        return new FieldSelector(terms);
    }

    /// <summary>The name an equality term pins, so kubectl wait's metadata.name selector can be served from one key.</summary>
    public string? PinnedName
    {
        get
        {
            foreach (var (path, equal, value) in _terms)
            {
                if (equal && path == "metadata.name")
                {
                    return value;
                }
            }

            return null;
        }
    }

    public bool Matches(JsonObject obj)
    {
        foreach (var (path, equal, value) in _terms)
        {
            JsonNode? node = obj;
            foreach (var part in path.Split('.'))
            {
                node = node is JsonObject o ? o[part] : null;
            }

            var actual = node is JsonValue v ? v.ToString() : string.Empty;
            if ((actual == value) != equal)
            {
                return false;
            }
        }

        return true;
    }
}

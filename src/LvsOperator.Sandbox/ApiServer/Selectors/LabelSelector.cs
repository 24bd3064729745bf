using System.Text.Json.Nodes;
using LvsOperator.Sandbox.ApiServer.Endpoints;

namespace LvsOperator.Sandbox.ApiServer.Selectors;

/// <summary>
/// A parsed labelSelector: equality (a=b, a==b, a!=b), set-based (a in (x,y), a notin (x), a, !a), comma-joined (AND).
/// </summary>
internal sealed class LabelSelector
{
    private readonly List<Requirement> _requirements;

    private LabelSelector(List<Requirement> requirements) => _requirements = requirements;

    public static LabelSelector Everything { get; } = new([]);

    public static LabelSelector Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return Everything;
        }

        var requirements = new List<Requirement>();
        foreach (var term in SplitTopLevel(text))
        {
            requirements.Add(ParseTerm(term.Trim()));
        }

        return new LabelSelector(requirements);
    }

    public bool Matches(JsonObject obj)
    {
        var labels = obj["metadata"]?["labels"] as JsonObject;
        foreach (var r in _requirements)
        {
            var has = labels is not null && labels.TryGetPropertyValue(r.Key, out var v) && v is not null;
            var value = has ? labels![r.Key]!.ToString() : null;
            var ok = r.Op switch
            {
                "exists" => has,
                "!exists" => !has,
                "=" or "in" => has && r.Values.Contains(value!),
                "!=" or "notin" => !has || !r.Values.Contains(value!),
                _ => false,
            };
            if (!ok)
            {
                return false;
            }
        }

        return true;
    }

    private static Requirement ParseTerm(string term)
    {
        if (term.Length == 0)
        {
            throw ApiException.BadRequest("unable to parse requirement: empty label selector term");
        }

        if (term[0] == '!')
        {
            return new Requirement(term[1..].Trim(), "!exists", Set());
        }

        var inIdx = IndexOfWord(term, " in ");
        var notInIdx = IndexOfWord(term, " notin ");
        if (notInIdx > 0)
        {
            return new Requirement(term[..notInIdx].Trim(), "notin", SetValues(term[(notInIdx + 7)..]));
        }

        if (inIdx > 0)
        {
            return new Requirement(term[..inIdx].Trim(), "in", SetValues(term[(inIdx + 4)..]));
        }

        var ne = term.IndexOf("!=", StringComparison.Ordinal);
        if (ne > 0)
        {
            return new Requirement(term[..ne].Trim(), "!=", Set(term[(ne + 2)..].Trim()));
        }

        var eq = term.IndexOf('=', StringComparison.Ordinal);
        if (eq > 0)
        {
            var value = term[(eq + 1)..].TrimStart('=').Trim();
            return new Requirement(term[..eq].Trim(), "=", Set(value));
        }

        return new Requirement(term, "exists", Set());
    }

    private static int IndexOfWord(string term, string word) => term.IndexOf(word, StringComparison.Ordinal);

    private static HashSet<string> SetValues(string text)
    {
        text = text.Trim();
        if (!text.StartsWith('(') || !text.EndsWith(')'))
        {
            throw ApiException.BadRequest($"unable to parse requirement: found '{text}', expected: '('");
        }

        var set = new HashSet<string>(StringComparer.Ordinal);
        foreach (var v in text[1..^1].Split(','))
        {
            set.Add(v.Trim());
        }

        return set;
    }

    private static List<string> SplitTopLevel(string text)
    {
        var parts = new List<string>();
        var depth = 0;
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            switch (text[i])
            {
                case '(':
                    depth++;
                    break;
                case ')':
                    depth--;
                    break;
                case ',' when depth == 0:
                    parts.Add(text[start..i]);
                    start = i + 1;
                    break;
            }
        }

        parts.Add(text[start..]);
        return parts;
    }

    private static HashSet<string> Set(params string[] values) => new(values, StringComparer.Ordinal);

    private sealed record Requirement(string Key, string Op, HashSet<string> Values);
}

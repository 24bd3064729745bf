namespace LvsOperator.Api;

/// <summary>
/// <c>spec.nodeSelector</c> as a Pod's: every key must carry exactly that value; an empty selector selects every node.
/// One rule for the operator (which directors must report) and the agents (which VirtualServices to program).
/// </summary>
public static class NodeSelection
{
    public static bool Selects(IDictionary<string, string>? selector, IDictionary<string, string>? labels)
    {
        if (selector is null || selector.Count == 0)
        {
            return true;
        }

        if (labels is null)
        {
            return false;
        }

        foreach (var (key, value) in selector)
        {
            if (!labels.TryGetValue(key, out var actual) || actual != value)
            {
                return false;
            }
        }

        return true;
    }
}

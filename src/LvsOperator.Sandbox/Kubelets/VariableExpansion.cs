using System.Text;

namespace LvsOperator.Sandbox.Kubelets;

/// <summary>
/// Kubernetes' $(VAR) expansion in env values, command and args: a reference to a defined variable is replaced, an
/// undefined one is left as written, and $$ is a literal $ (so $$(VAR) stays $(VAR)).
/// </summary>
internal static class VariableExpansion
{
    public static string Expand(string input, IReadOnlyDictionary<string, string> variables)
    {
        if (!input.Contains('$', StringComparison.Ordinal))
        {
            return input;
        }

        var result = new StringBuilder(input.Length);
        for (var i = 0; i < input.Length; i++)
        {
            if (input[i] != '$' || i + 1 >= input.Length)
            {
                result.Append(input[i]);
            }
            else if (input[i + 1] == '$')
            {
                result.Append('$');
                i++;
            }
            else if (input[i + 1] == '(' && input.IndexOf(')', i + 2) is var close and > 0)
            {
                var name = input[(i + 2)..close];
                result.Append(variables.TryGetValue(name, out var value) ? value : input[i..(close + 1)]);
                i = close;
            }
            else
            {
                result.Append('$');
            }
        }

        return result.ToString();
    }
}

using System.CommandLine;
using System.Globalization;

namespace LvsOperator.Cli.Commands;

/// <summary>An integer option that must lie in a range; anything else (out of range, not a number) is one clear parse error.</summary>
internal static class BoundedIntegerOption
{
    public static Option<int> Create(string name, int minimum, int maximum, string rule, int defaultValue) => new(name)
    {
        DefaultValueFactory = _ => defaultValue,
        CustomParser = result =>
        {
            var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : "";
            if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= minimum && value <= maximum)
            {
                return value;
            }

            result.AddError($"{name} must be {rule}, {minimum}..{maximum} (got '{text}')");
            return defaultValue;
        },
    };
}

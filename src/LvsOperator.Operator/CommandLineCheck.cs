namespace LvsOperator.Operator;

/// <summary>
/// The configuration binder takes any "--name value" as a setting, so a mistyped switch would be ignored in silence;
/// this names it instead. Accepts "--switch value" and "--switch=value".
/// </summary>
internal static class CommandLineCheck
{
    /// <exception cref="InvalidOperationException">An argument is no known switch, or a switch has no value.</exception>
    public static void ThrowOnUnknown(IReadOnlyList<string> args, IReadOnlyDictionary<string, string> switches)
    {
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            var equals = arg.IndexOf('=', StringComparison.Ordinal);
            var name = equals < 0 ? arg : arg[..equals];
            if (!switches.ContainsKey(name))
            {
                throw new InvalidOperationException(arg.StartsWith('-')
                    ? $"unknown option {name} (known: {string.Join(", ", switches.Keys)})"
                    : $"unexpected argument '{arg}'");
            }

            if (equals < 0 && ++i >= args.Count)
            {
                throw new InvalidOperationException($"option {name} needs a value");
            }
        }
    }
}

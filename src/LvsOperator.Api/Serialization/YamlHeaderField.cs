namespace LvsOperator.Api.Serialization;

/// <summary>
/// A top-level apiVersion or kind: absent, a string (<see cref="Value"/>), or present but not a string (a mapping or
/// a list), which no type lookup may be asked about.
/// </summary>
internal readonly record struct YamlHeaderField(bool Present, string? Value)
{
    public static YamlHeaderField Absent => default;

    public static YamlHeaderField NotAString => new(true, null);

    public static YamlHeaderField Text(string value) => new(true, value);
}

namespace LvsOperator.Api.Serialization;

/// <summary>
/// One document of a YAML stream as <see cref="YamlStreamSplitter"/> found it: where its text lies (from the end of
/// the previous document, so directives and comments come with it), the line and column that text starts at, what
/// its root node is, its apiVersion and kind when the root is a mapping, and the first limit it broke, if any.
/// </summary>
internal sealed record YamlDocumentSpan(
    int Number,
    int Start,
    int Length,
    long StartLine,
    long StartColumn,
    long RootLine,
    YamlRootShape Shape,
    YamlHeaderField ApiVersion,
    YamlHeaderField Kind,
    string? Problem,
    long ProblemLine,
    long ProblemColumn);

using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace LvsOperator.Api.Serialization;

/// <summary>
/// Cuts a YAML stream into its documents with one pass of YamlDotNet's event parser (no objects built), so each can be
/// judged before a deserializer sees it: KubernetesClient throws KeyNotFoundException for an apiVersion/kind it does
/// not know and NullReferenceException for an empty document, and a document's type errors are easiest to read when
/// they carry the document's own number.
/// </summary>
internal static class YamlStreamSplitter
{
    /// <summary>A VirtualService is 4 levels deep (spec.ports[].port); metadata copied from a cluster reaches ~10.</summary>
    public const int MaxDepth = 64;

    /// <summary>Nodes that aliases may stand for in one document: far above any sharing of backends, far below a "billion laughs".</summary>
    public const long MaxAliasedNodes = 10_000;

    /// <summary>Splits <paramref name="yaml"/>; false, with the position and the parser's words, when it is not YAML at all.</summary>
    public static bool TrySplit(string yaml, out IReadOnlyList<YamlDocumentSpan> documents, [NotNullWhen(false)] out string? problem)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        var found = new List<YamlDocumentSpan>();
        documents = found;
        problem = null;
        var parser = new Parser(new StringReader(yaml));
        var start = new Mark(0, 1, 1);
        YamlDocumentWalker? walker = null;
        try
        {
            while (parser.MoveNext())
            {
                switch (parser.Current)
                {
                    case DocumentStart:
                        walker = new YamlDocumentWalker(MaxDepth, MaxAliasedNodes);
                        break;
                    case DocumentEnd end when walker is not null:
                        found.Add(Span(found.Count + 1, start, (int)(end.End.Index - start.Index), walker));
                        start = end.End;
                        walker = null;
                        break;
                    case { } other when walker is not null:
                        walker.Visit(other);
                        if (walker.Problem is not null)
                        {
                            // Stop at the first broken limit: the scanner's cost per token grows with the nesting it
                            // is in, so reading on through a very deep document would take minutes.
                            found.Add(Span(found.Count + 1, start, (int)(other.End.Index - start.Index), walker));
                            return true;
                        }

                        break;
                }
            }
        }
        catch (YamlException e)
        {
            problem = string.Create(CultureInfo.InvariantCulture, $"line {e.Start.Line}, column {e.Start.Column}: {e.Message}");
            return false;
        }

        return true;
    }

    private static YamlDocumentSpan Span(int number, Mark start, int length, YamlDocumentWalker walker) =>
        new(number, (int)start.Index, length, start.Line, start.Column, walker.RootLine, walker.Shape, walker.ApiVersion, walker.Kind,
            walker.Problem, walker.ProblemAt.Line, walker.ProblemAt.Column);
}

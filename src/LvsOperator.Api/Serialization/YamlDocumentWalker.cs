using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace LvsOperator.Api.Serialization;

/// <summary>
/// Follows the events of one document with an explicit stack (so no input can exhaust the thread's stack) and notes
/// the root's shape, the top-level apiVersion and kind, and the first limit the document breaks. Aliases are counted
/// at the size of the node they name, so an alias "bomb" is measured by what it would expand to, not by its text.
/// </summary>
internal sealed class YamlDocumentWalker(int maxDepth, long maxAliasedNodes)
{
    private readonly Stack<Frame> _frames = new();
    private readonly Dictionary<string, Anchored> _anchors = new(StringComparer.Ordinal);
    private readonly HashSet<string> _rootKeys = new(StringComparer.Ordinal);
    private long _nodes;
    private long _aliased;

    public YamlRootShape Shape { get; private set; } = YamlRootShape.Empty;

    public long RootLine { get; private set; }

    public YamlHeaderField ApiVersion { get; private set; }

    public YamlHeaderField Kind { get; private set; }

    /// <summary>The first limit the document broke, and where.</summary>
    public string? Problem { get; private set; }

    public Mark ProblemAt { get; private set; }

    public void Visit(ParsingEvent parsingEvent)
    {
        switch (parsingEvent)
        {
            case Scalar scalar:
                Node(scalar, YamlRootShape.Scalar, depth: 1, scalar.Value);
                _nodes++;
                Remember(scalar.Anchor, new Anchored(YamlRootShape.Scalar, 1, 1, scalar.Value));
                break;
            case AnchorAlias alias:
                if (!_anchors.TryGetValue(alias.Value.Value, out var target))
                {
                    Fail(alias.Start, $"alias *{alias.Value.Value} names no anchor completed before it (aliases may not refer to their own node)");
                    Node(alias, YamlRootShape.Scalar, depth: 1, scalar: null);
                    break;
                }

                Node(alias, target.Shape, target.Depth, target.Scalar);
                if (Problem is null)
                {
                    _nodes += target.Nodes;
                    _aliased += target.Nodes;
                    if (_aliased > maxAliasedNodes)
                    {
                        Fail(alias.Start, string.Create(CultureInfo.InvariantCulture,
                            $"aliases expand to more than {maxAliasedNodes} nodes (an alias bomb?)"));
                    }
                }

                break;
            case MappingStart mapping:
                Open(mapping, isMapping: true);
                break;
            case SequenceStart sequence:
                Open(sequence, isMapping: false);
                break;
            case MappingEnd or SequenceEnd:
                Close();
                break;
        }
    }

    private void Open(NodeEvent start, bool isMapping)
    {
        Node(start, isMapping ? YamlRootShape.Mapping : YamlRootShape.Sequence, depth: 1, scalar: null);
        _frames.Push(new Frame(isMapping, start.Anchor, _nodes, _frames.Count + 1));
        _nodes++;
    }

    private void Close()
    {
        var frame = _frames.Pop();
        var shape = frame.IsMapping ? YamlRootShape.Mapping : YamlRootShape.Sequence;
        Remember(frame.Anchor, new Anchored(shape, _nodes - frame.NodesBefore, frame.Deepest - frame.Depth + 1, null));
        if (_frames.TryPeek(out var parent))
        {
            parent.Deepest = Math.Max(parent.Deepest, frame.Deepest);
        }
    }

    /// <summary>Places a node: the root, or a key or value of the enclosing mapping, or an item of a list.</summary>
    private void Node(ParsingEvent node, YamlRootShape shape, int depth, string? scalar)
    {
        if (!_frames.TryPeek(out var parent))
        {
            Shape = shape == YamlRootShape.Scalar && node is Scalar s && IsNull(s) ? YamlRootShape.Empty : shape;
            RootLine = node.Start.Line;
            return;
        }

        var reached = parent.Depth + depth;
        parent.Deepest = Math.Max(parent.Deepest, reached);
        if (reached > maxDepth)
        {
            Fail(node.Start, string.Create(CultureInfo.InvariantCulture, $"nested deeper than {maxDepth} levels"));
        }

        if (!parent.IsMapping)
        {
            return;
        }

        var isKey = parent.ExpectsKey;
        parent.ExpectsKey = !isKey;
        if (parent.Depth != 1)
        {
            return;
        }

        if (isKey)
        {
            parent.Key = scalar;
            if (scalar is not null && !_rootKeys.Add(scalar))
            {
                Fail(node.Start, $"duplicate key {scalar}");
            }

            return;
        }

        var field = scalar is null ? YamlHeaderField.NotAString : YamlHeaderField.Text(scalar);
        if (parent.Key == "apiVersion")
        {
            ApiVersion = field;
        }
        else if (parent.Key == "kind")
        {
            Kind = field;
        }
    }

    private void Remember(AnchorName anchor, Anchored node)
    {
        if (!anchor.IsEmpty)
        {
            _anchors[anchor.Value] = node; // YAML lets a later anchor of the same name replace the earlier one
        }
    }

    private void Fail(Mark at, string problem)
    {
        if (Problem is null)
        {
            (Problem, ProblemAt) = (problem, at);
        }
    }

    // The YAML 1.2 core schema's null: an empty document is a single empty plain scalar.
    private static bool IsNull(Scalar scalar) =>
        scalar.Style == ScalarStyle.Plain && scalar.Tag.IsEmpty && scalar.Value is "" or "~" or "null" or "Null" or "NULL";

    /// <summary>An anchored node: what it is, how many nodes it stands for, how deep it reaches, and its text when it is a scalar.</summary>
    private readonly record struct Anchored(YamlRootShape Shape, long Nodes, int Depth, string? Scalar);

    private sealed class Frame(bool isMapping, AnchorName anchor, long nodesBefore, int depth)
    {
        public bool IsMapping { get; } = isMapping;

        public AnchorName Anchor { get; } = anchor;

        public long NodesBefore { get; } = nodesBefore;

        public int Depth { get; } = depth;

        public int Deepest { get; set; } = depth;

        public bool ExpectsKey { get; set; } = true;

        public string? Key { get; set; }
    }
}

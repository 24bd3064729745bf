using System.Reflection;
using System.Reflection.Emit;

namespace LvsOperator.Dataplane.Tests.Layout;

/// <summary>
/// Which namespaces of an assembly use which, read from the compiled types: base types, interfaces, fields,
/// properties, method and constructor signatures, local variables, and every type, field and method the IL of a
/// method body names (calls, <c>new</c>, field loads, casts, <c>typeof</c>). The IL is what catches a reference made
/// only inside a method, such as a static call with a fully qualified name, which neither signatures nor
/// <c>using</c> directives show.
/// </summary>
internal sealed class NamespaceGraph
{
    private const BindingFlags Declared =
        BindingFlags.DeclaredOnly | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static;

    private static readonly OpCode[] OneByteOpCodes = new OpCode[0x100];
    private static readonly OpCode[] TwoByteOpCodes = new OpCode[0x100];

    private readonly string _prefix;
    private readonly SortedDictionary<string, SortedSet<string>> _edges = new(StringComparer.Ordinal);

    static NamespaceGraph()
    {
        foreach (var field in typeof(OpCodes).GetFields(BindingFlags.Public | BindingFlags.Static))
        {
            var code = (OpCode)field.GetValue(null)!;
            var value = (ushort)code.Value;
            (code.Size == 1 ? OneByteOpCodes : TwoByteOpCodes)[value & 0xFF] = code;
        }
    }

    private NamespaceGraph(string prefix) => _prefix = prefix;

    /// <summary>Namespace → the namespaces it uses, among those starting with the prefix (self-references left out).</summary>
    public IReadOnlyDictionary<string, SortedSet<string>> Edges => _edges;

    /// <summary>The graph of the namespaces of <paramref name="assembly"/> that are <paramref name="prefix"/> or below it.</summary>
    public static NamespaceGraph Build(Assembly assembly, string prefix)
    {
        var graph = new NamespaceGraph(prefix);
        foreach (var type in assembly.GetTypes())
        {
            if (graph.Owns(type.Namespace))
            {
                graph.AddType(type);
            }
        }

        return graph;
    }

    /// <summary>One cycle as a path that starts and ends at the same namespace, or null when there is none.</summary>
    public IReadOnlyList<string>? FindCycle()
    {
        var state = new Dictionary<string, bool>(StringComparer.Ordinal); // false: on the current path; true: done
        var path = new List<string>();
        foreach (var start in _edges.Keys)
        {
            if (!state.ContainsKey(start) && Visit(start, state, path) is { } cycle)
            {
                return cycle;
            }
        }

        return null;
    }

    private List<string>? Visit(string node, Dictionary<string, bool> state, List<string> path)
    {
        state[node] = false;
        path.Add(node);
        foreach (var next in _edges.TryGetValue(node, out var targets) ? targets : [])
        {
            if (!state.TryGetValue(next, out var done))
            {
                if (Visit(next, state, path) is { } cycle)
                {
                    return cycle;
                }
            }
            else if (!done)
            {
                return [.. path[path.IndexOf(next)..], next];
            }
        }

        path.RemoveAt(path.Count - 1);
        state[node] = true;
        return null;
    }

    private bool Owns(string? ns) =>
        ns is not null && (ns == _prefix || ns.StartsWith(_prefix + ".", StringComparison.Ordinal));

    private void AddType(Type type)
    {
        var from = type.Namespace!;
        _edges.TryAdd(from, new SortedSet<string>(StringComparer.Ordinal));
        Use(from, type.BaseType);
        foreach (var contract in type.GetInterfaces())
        {
            Use(from, contract);
        }

        foreach (var field in type.GetFields(Declared))
        {
            Use(from, field.FieldType);
        }

        foreach (var property in type.GetProperties(Declared))
        {
            Use(from, property.PropertyType);
        }

        foreach (var method in type.GetMethods(Declared))
        {
            Use(from, method.ReturnType);
            AddMethod(from, type, method);
        }

        foreach (var constructor in type.GetConstructors(Declared))
        {
            AddMethod(from, type, constructor);
        }
    }

    private void AddMethod(string from, Type type, MethodBase method)
    {
        foreach (var parameter in method.GetParameters())
        {
            Use(from, parameter.ParameterType);
        }

        var body = method.GetMethodBody();
        if (body is null)
        {
            return;
        }

        foreach (var local in body.LocalVariables)
        {
            Use(from, local.LocalType);
        }

        var il = body.GetILAsByteArray() ?? [];
        var typeArguments = type.IsGenericType ? type.GetGenericArguments() : null;
        var methodArguments = method.IsGenericMethod ? method.GetGenericArguments() : null;
        for (int offset = 0; offset < il.Length;)
        {
            var code = il[offset] == 0xFE ? TwoByteOpCodes[il[offset + 1]] : OneByteOpCodes[il[offset]];
            offset += code.Size;
            if (code.OperandType is OperandType.InlineField or OperandType.InlineMethod or OperandType.InlineType or OperandType.InlineTok)
            {
                UseMember(from, method.Module, BitConverter.ToInt32(il, offset), typeArguments, methodArguments);
            }

            offset += OperandSize(code.OperandType, il, offset);
        }
    }

    private void UseMember(string from, Module module, int token, Type[]? typeArguments, Type[]? methodArguments)
    {
        MemberInfo? member;
        try
        {
            member = module.ResolveMember(token, typeArguments, methodArguments);
        }
        catch (ArgumentException)
        {
            return; // a generic member whose context cannot be rebuilt here; its types show up in signatures
        }

        switch (member)
        {
            case Type referenced:
                Use(from, referenced);
                break;
            case FieldInfo field:
                Use(from, field.DeclaringType);
                Use(from, field.FieldType);
                break;
            case MethodBase called:
                Use(from, called.DeclaringType);
                if (called is MethodInfo { IsGenericMethod: true } generic)
                {
                    foreach (var argument in generic.GetGenericArguments())
                    {
                        Use(from, argument);
                    }
                }

                break;
        }
    }

    private void Use(string from, Type? type)
    {
        if (type is null || type.IsGenericParameter)
        {
            return;
        }

        if (type.HasElementType)
        {
            Use(from, type.GetElementType());
            return;
        }

        if (type.IsGenericType && !type.IsGenericTypeDefinition)
        {
            Use(from, type.GetGenericTypeDefinition());
            foreach (var argument in type.GetGenericArguments())
            {
                Use(from, argument);
            }

            return;
        }

        if (Owns(type.Namespace) && type.Namespace != from)
        {
            _edges[from].Add(type.Namespace!);
        }
    }

    private static int OperandSize(OperandType operand, byte[] il, int offset) => operand switch
    {
        OperandType.InlineNone => 0,
        OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
        OperandType.InlineVar => 2,
        OperandType.InlineI8 or OperandType.InlineR => 8,
        OperandType.InlineSwitch => 4 + (4 * BitConverter.ToInt32(il, offset)),
        _ => 4,
    };
}

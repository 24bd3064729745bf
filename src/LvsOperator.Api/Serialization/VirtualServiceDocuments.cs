using System.Globalization;
using k8s;
using k8s.Models;
using LvsOperator.Api.Validation;
using YamlDotNet.Core;

namespace LvsOperator.Api.Serialization;

/// <summary>
/// Reads a YAML stream of VirtualService documents (the standalone agent's --config file, or examples/). Each document
/// is first judged by <see cref="YamlStreamSplitter"/> (shape, apiVersion/kind, depth, aliases), then read with
/// KubernetesClient's YAML reader, strict, so field names, IntOrString and metadata behave exactly as through the API.
/// Nothing a file contains makes this throw: every problem is a line in <c>problems</c>.
/// </summary>
public static class VirtualServiceDocuments
{
    /// <summary>Parses and validates every document; on any problem returns false and says where, so callers keep their last good config.</summary>
    public static bool TryLoad(string yaml, out IReadOnlyList<VirtualService> services, out IReadOnlyList<string> problems)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        var found = new List<VirtualService>();
        var errors = new List<string>();
        services = found;
        problems = errors;
        if (!YamlStreamSplitter.TrySplit(yaml, out var documents, out var syntax))
        {
            errors.Add($"not a YAML stream: {syntax}");
            return false;
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var document in documents)
        {
            if (document.Shape == YamlRootShape.Empty)
            {
                continue; // "---" with nothing after it, as kubectl skips
            }

            if (document.Problem is { } limit)
            {
                errors.Add(string.Create(CultureInfo.InvariantCulture,
                    $"document {document.Number} (line {document.ProblemLine}, column {document.ProblemColumn}): {limit}"));
                continue;
            }

            if (Refusal(document) is { } refusal)
            {
                errors.Add(string.Create(CultureInfo.InvariantCulture, $"document {document.Number} (line {document.RootLine}): {refusal}"));
                continue;
            }

            if (!TryDeserialize(yaml, document, out var service, out var problem))
            {
                errors.Add(string.Create(CultureInfo.InvariantCulture, $"document {document.Number} ({problem.Where}): {problem.What}"));
                continue;
            }

            (service.Metadata ??= new V1ObjectMeta()).NamespaceProperty ??= "default";
            var label = string.Create(CultureInfo.InvariantCulture, $"document {document.Number} ({service.Key()})");
            foreach (var error in VirtualServiceValidator.Validate(service))
            {
                errors.Add($"{label}: {error}");
            }

            if (!names.Add(service.Key()))
            {
                errors.Add($"{label}: duplicate name");
            }

            found.Add(service);
        }

        return errors.Count == 0;
    }

    /// <summary>Why the document is not a VirtualService we may hand to the deserializer, or null when it is one.</summary>
    private static string? Refusal(YamlDocumentSpan document)
    {
        const string Expected = $"{VirtualServiceApi.ApiVersion} {VirtualServiceApi.Kind}";
        if (document.Shape != YamlRootShape.Mapping)
        {
            return $"a YAML {(document.Shape == YamlRootShape.Scalar ? "scalar" : "list")}, not a mapping with apiVersion and kind {Expected}";
        }

        return (document.ApiVersion, document.Kind) switch
        {
            ({ Present: false }, _) => $"no apiVersion; expected {Expected}",
            (_, { Present: false }) => $"no kind; expected {Expected}",
            ({ Value: null }, _) => "apiVersion is not a string",
            (_, { Value: null }) => "kind is not a string",
            ({ Value: VirtualServiceApi.ApiVersion }, { Value: VirtualServiceApi.Kind }) => null,
            var (apiVersion, kind) => $"apiVersion {apiVersion.Value} kind {kind.Value} is not {Expected}",
        };
    }

    /// <summary>
    /// Reads one document from its own slice of the text, so a type error names its document, and positions are moved
    /// back to the whole file's lines.
    /// </summary>
    private static bool TryDeserialize(string yaml, YamlDocumentSpan document, out VirtualService service, out (string Where, string What) problem)
    {
        var where = string.Create(CultureInfo.InvariantCulture, $"line {document.RootLine}");
        try
        {
            service = KubernetesYaml.Deserialize<VirtualService>(yaml.Substring(document.Start, document.Length), strict: true);
        }
        catch (YamlException e)
        {
            (service, problem) = (null!, (Position(document, e.Start) ?? where, Message(e)));
            return false;
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException or OverflowException or ArgumentException)
        {
            (service, problem) = (null!, (where, Message(e)));
            return false;
        }

        problem = service is null ? (where, "is empty") : default;
        return service is not null;
    }

    private static string? Position(YamlDocumentSpan document, Mark at)
    {
        if (at.Line < 1)
        {
            return null;
        }

        var line = document.StartLine + at.Line - 1;
        var column = at.Line == 1 ? document.StartColumn + at.Column - 1 : at.Column;
        return string.Create(CultureInfo.InvariantCulture, $"line {line}, column {column}");
    }

    /// <summary>YamlDotNet wraps a converter's error in "Exception during deserialization"; the inner message is the one that says what was wrong.</summary>
    private static string Message(Exception e)
    {
        var (message, next) = e is YamlException { InnerException: { } wrapped, Message: "Exception during deserialization" }
            ? (wrapped.Message, wrapped.InnerException)
            : (e.Message, e.InnerException);
        for (; next is not null; next = next.InnerException)
        {
            message += ": " + next.Message;
        }

        return message;
    }
}

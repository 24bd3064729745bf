using System.Globalization;
using System.Text;
using System.Text.Json;
using LvsOperator.Dataplane.Native;
using LvsOperator.Dataplane.Packets;

namespace LvsOperator.Dataplane.ReturnPath;

/// <summary>
/// The return path's <c>ip rule</c>s and routing tables, found in the kernel by what marks them as ours: rules at
/// <see cref="ReturnPathOptions.RulePriority"/> pointing into our table range, routes in that range. Reading them
/// back rather than remembering them is what makes a restart after <c>kill -9</c> converge: what the last run left is
/// found and either kept or removed, and nothing is added twice (an identical rule would be refused anyway).
/// </summary>
internal sealed class PolicyRoutes(ReturnPathOptions options)
{
    /// <summary>Our rules as (slot, mark) and the slots whose tables hold routes, as the kernel has them now.</summary>
    public (HashSet<(int Slot, uint Mark)> Rules, HashSet<int> Tables) Read()
    {
        var rules = new HashSet<(int, uint)>();
        foreach (var rule in Json(Ip("-4", "-j", "rule", "show")))
        {
            if (rule.TryGetProperty("priority", out var priority) && priority.GetInt32() == options.RulePriority
                && Slot(rule) is { } slot)
            {
                var mark = rule.TryGetProperty("fwmark", out var m) ? ParseHex(m.GetString()) : 0;
                rules.Add((slot, mark));
            }
        }

        var tables = new HashSet<int>();
        foreach (var route in Json(Ip("-4", "-j", "route", "show", "table", "all")))
        {
            if (Slot(route) is { } slot)
            {
                tables.Add(slot);
            }
        }

        return (rules, tables);
    }

    /// <summary>Routes first, then the rules that lead to them: a packet marked for an owner always finds its table.</summary>
    public void Add(IReadOnlyList<(int Slot, uint Mark, ReturnRoute Route)> owners, HashSet<(int Slot, uint Mark)> existingRules)
    {
        var batch = new StringBuilder();
        foreach (var (slot, _, route) in owners)
        {
            batch.Append(CultureInfo.InvariantCulture, $"route replace default via {Ipv4Format.ToString(route.Gateway)} table {options.Table(slot)}\n");
        }

        foreach (var (slot, mark, _) in owners)
        {
            if (!existingRules.Contains((slot, mark)))
            {
                batch.Append(CultureInfo.InvariantCulture, $"rule add {Rule(slot, mark)}\n");
            }
        }

        Batch(batch, force: false);
    }

    /// <summary>Removes every rule and table of ours not in <paramref name="keep"/> (all of them when it is empty).</summary>
    public void RemoveExcept(IReadOnlySet<int> keep, (HashSet<(int Slot, uint Mark)> Rules, HashSet<int> Tables) current)
    {
        var batch = new StringBuilder();
        foreach (var (slot, mark) in current.Rules)
        {
            if (!keep.Contains(slot))
            {
                batch.Append(CultureInfo.InvariantCulture, $"rule del {Rule(slot, mark)}\n");
            }
        }

        foreach (var slot in current.Tables)
        {
            if (!keep.Contains(slot))
            {
                batch.Append(CultureInfo.InvariantCulture, $"route flush table {options.Table(slot)}\n");
            }
        }

        // -force: a rule or route already gone (someone else's cleanup) must not stop the rest.
        Batch(batch, force: true);
    }

    private string Rule(int slot, uint mark) => string.Create(CultureInfo.InvariantCulture,
        $"priority {options.RulePriority} fwmark 0x{mark:x}/0x{options.MarkMask:x} table {options.Table(slot)}");

    private int? Slot(JsonElement entry) =>
        entry.TryGetProperty("table", out var table)
        && int.TryParse(table.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out var number)
        && number > options.TableBase && number <= options.TableBase + options.MaxOwners
            ? number - options.TableBase
            : null;

    private void Batch(StringBuilder batch, bool force)
    {
        if (batch.Length == 0)
        {
            return;
        }

        var result = Run(force ? ["-force", "-batch", "-"] : ["-batch", "-"], batch.ToString());
        if (!result.Succeeded && !force)
        {
            throw new InvalidOperationException($"ip refused the return path's routes (exit {result.ExitCode}): {result.Errors.Trim()}");
        }
    }

    private string Ip(params string[] arguments)
    {
        var result = Run(arguments, null);
        return result.Succeeded
            ? result.Output
            : throw new InvalidOperationException($"ip {string.Join(' ', arguments)} failed (exit {result.ExitCode}): {result.Errors.Trim()}");
    }

    private ExternalCommandResult Run(IEnumerable<string> arguments, string? input) =>
        ExternalCommand.Run(options.IpPath, options.NetworkNamespace.Length > 0 ? ["-n", options.NetworkNamespace, .. arguments] : arguments, input);

    private static List<JsonElement> Json(string text)
    {
        using var document = JsonDocument.Parse(string.IsNullOrWhiteSpace(text) ? "[]" : text);
        var list = new List<JsonElement>();
        foreach (var item in document.RootElement.EnumerateArray())
        {
            list.Add(item.Clone());
        }

        return list;
    }

    private static uint ParseHex(string? text) =>
        text is { Length: > 2 } && text.StartsWith("0x", StringComparison.Ordinal)
        && uint.TryParse(text.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var value)
            ? value
            : 0;
}

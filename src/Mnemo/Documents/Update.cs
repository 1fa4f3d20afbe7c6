using System.Text.Json;
using System.Text.Json.Nodes;
using Mnemo.Internal.Documents;

namespace Mnemo.Documents;

/// <summary>
/// Partial changes to a document, in the spirit of MongoDB's update operators: set, unset,
/// increment, push to and pull from arrays. Paths are dotted (<c>"address.city"</c>); missing
/// intermediate objects are created by set, increment and push. Applied in the order given, all
/// or nothing.
/// </summary>
/// <example>
/// <code>
/// users.Update(id, Update.Set("email", "alice@new.example").Increment("visits", 1).Push("tags", "vip"));
/// </code>
/// </example>
public sealed class Update
{
    private readonly List<Operation> _operations = [];

    private Update()
    {
    }

    internal IReadOnlyList<Operation> Operations => _operations;

    /// <summary>A new update that sets <paramref name="path"/> to <paramref name="value"/>.</summary>
    public static Update Set<TValue>(string path, TValue value) => new Update().ThenSet(path, value);

    /// <summary>A new update that removes <paramref name="path"/>.</summary>
    public static Update Unset(string path) => new Update().ThenUnset(path);

    /// <summary>A new update that adds <paramref name="amount"/> to the number at <paramref name="path"/> (missing counts as 0).</summary>
    public static Update Increment(string path, decimal amount) => new Update().ThenIncrement(path, amount);

    /// <summary>A new update that appends <paramref name="value"/> to the array at <paramref name="path"/> (created when missing).</summary>
    public static Update Push<TValue>(string path, TValue value) => new Update().ThenPush(path, value);

    /// <summary>A new update that removes every element equal to <paramref name="value"/> from the array at <paramref name="path"/>.</summary>
    public static Update Pull<TValue>(string path, TValue value) => new Update().ThenPull(path, value);

    /// <summary>Also sets <paramref name="path"/>.</summary>
    public Update ThenSet<TValue>(string path, TValue value) => Add(new Operation(OperationKind.Set, FieldPath.Parse(path), value, typeof(TValue), 0));

    /// <summary>Also removes <paramref name="path"/>.</summary>
    public Update ThenUnset(string path) => Add(new Operation(OperationKind.Unset, FieldPath.Parse(path), null, typeof(object), 0));

    /// <summary>Also increments <paramref name="path"/>.</summary>
    public Update ThenIncrement(string path, decimal amount) => Add(new Operation(OperationKind.Increment, FieldPath.Parse(path), null, typeof(object), amount));

    /// <summary>Also appends to the array at <paramref name="path"/>.</summary>
    public Update ThenPush<TValue>(string path, TValue value) => Add(new Operation(OperationKind.Push, FieldPath.Parse(path), value, typeof(TValue), 0));

    /// <summary>Also removes equal elements from the array at <paramref name="path"/>.</summary>
    public Update ThenPull<TValue>(string path, TValue value) => Add(new Operation(OperationKind.Pull, FieldPath.Parse(path), value, typeof(TValue), 0));

    private Update Add(Operation operation)
    {
        _operations.Add(operation);
        return this;
    }

    internal enum OperationKind
    {
        Set,
        Unset,
        Increment,
        Push,
        Pull,
    }

    internal sealed record Operation(OperationKind Kind, FieldPath Path, object? Value, Type ValueType, decimal Amount);

    /// <summary>Converts the operations' values to JSON with <paramref name="options"/> (before taking any lock).</summary>
    internal JsonNode?[] Values(JsonSerializerOptions options)
    {
        var values = new JsonNode?[_operations.Count];
        for (int i = 0; i < values.Length; i++)
        {
            var op = _operations[i];
            values[i] = op.Value switch
            {
                null => null,
                JsonNode node => node.DeepClone(),
                _ => JsonSerializer.SerializeToNode(op.Value, options.GetTypeInfo(op.ValueType)),
            };
        }
        return values;
    }

    /// <summary>Applies the operations to <paramref name="document"/> (a private copy); true when it changed.</summary>
    internal bool Apply(JsonObject document, JsonNode?[] values, string where)
    {
        bool changed = false;
        for (int i = 0; i < _operations.Count; i++)
        {
            var op = _operations[i];
            var parent = op.Path.Parent(document, create: op.Kind != OperationKind.Unset && op.Kind != OperationKind.Pull);
            if (parent is null)
            {
                continue;
            }
            string name = op.Path.Last;
            parent.TryGetPropertyValue(name, out var current);
            switch (op.Kind)
            {
                case OperationKind.Set:
                    if (!JsonNode.DeepEquals(current, values[i]) || !parent.ContainsKey(name))
                    {
                        parent[name] = values[i]?.DeepClone();
                        changed = true;
                    }
                    break;
                case OperationKind.Unset:
                    changed |= parent.Remove(name);
                    break;
                case OperationKind.Increment:
                    parent[name] = Add(current, op.Amount, op.Path, where);
                    changed |= op.Amount != 0 || current is null;
                    break;
                case OperationKind.Push:
                    if (current is null)
                    {
                        parent[name] = new JsonArray(values[i]?.DeepClone());
                    }
                    else if (current is JsonArray array)
                    {
                        array.Add(values[i]?.DeepClone());
                    }
                    else
                    {
                        throw new ArgumentException($"Cannot push to '{op.Path}' of document '{where}': it is not an array.");
                    }
                    changed = true;
                    break;
                case OperationKind.Pull:
                    if (current is null)
                    {
                        break;
                    }
                    if (current is not JsonArray list)
                    {
                        throw new ArgumentException($"Cannot pull from '{op.Path}' of document '{where}': it is not an array.");
                    }
                    for (int j = list.Count - 1; j >= 0; j--)
                    {
                        if (JsonNode.DeepEquals(list[j], values[i]))
                        {
                            list.RemoveAt(j);
                            changed = true;
                        }
                    }
                    break;
            }
        }
        return changed;
    }

    private static JsonNode Add(JsonNode? current, decimal amount, FieldPath path, string where)
    {
        bool integral = decimal.IsInteger(amount) && amount >= long.MinValue && amount <= long.MaxValue;
        if (current is null)
        {
            return integral ? JsonValue.Create((long)amount) : JsonValue.Create(amount);
        }
        var value = DocValue.From(current);
        if (value.Rank != DocRank.Number)
        {
            throw new ArgumentException($"Cannot increment '{path}' of document '{where}': it is not a number.");
        }
        var number = (JsonValue)current;
        if (integral && TryInt64(number, out long l))
        {
            try
            {
                return JsonValue.Create(checked(l + (long)amount));
            }
            catch (OverflowException)
            {
            }
        }
        if (TryDecimal(number, out decimal m))
        {
            try
            {
                return JsonValue.Create(m + amount);
            }
            catch (OverflowException)
            {
            }
        }
        return JsonValue.Create(value.Double + (double)amount);
    }

    private static bool TryInt64(JsonValue value, out long result)
    {
        if (value.TryGetValue(out JsonElement e))
        {
            return e.TryGetInt64(out result);
        }
        if (value.TryGetValue(out result))
        {
            return true;
        }
        if (value.TryGetValue(out int i))
        {
            result = i;
            return true;
        }
        return false;
    }

    private static bool TryDecimal(JsonValue value, out decimal result)
    {
        if (value.TryGetValue(out JsonElement e))
        {
            return e.TryGetDecimal(out result);
        }
        if (value.TryGetValue(out result))
        {
            return true;
        }
        if (TryInt64(value, out long l))
        {
            result = l;
            return true;
        }
        return false;
    }
}

using System.Text.Json.Nodes;

namespace Mnemo.Internal.Json;

/// <summary>
/// Where a match sits: its parent container and its member name or array index, linked up to the
/// root (the root itself has no location). Used to order and apply edits.
/// </summary>
internal sealed class JsonLocation(JsonLocation? up, JsonNode parent, string? name, int index)
{
    /// <summary>The location of the parent container (null when the parent is the root).</summary>
    public JsonLocation? Up { get; } = up;

    /// <summary>The object or array holding the match.</summary>
    public JsonNode Parent { get; } = parent;

    /// <summary>The member name when <see cref="Parent"/> is an object.</summary>
    public string? Name { get; } = name;

    /// <summary>The element index when <see cref="Parent"/> is an array.</summary>
    public int Index { get; } = index;

    public int Depth => Up is null ? 1 : Up.Depth + 1;

    /// <summary>The steps from the root down to here.</summary>
    public List<JsonLocation> Steps()
    {
        var steps = new List<JsonLocation>();
        for (var l = this; l is not null; l = l.Up)
        {
            steps.Add(l);
        }
        steps.Reverse();
        return steps;
    }
}

/// <summary>One node a path matched: its value (null for JSON null) and where it sits (null for the root).</summary>
internal readonly record struct JsonMatch(JsonNode? Value, JsonLocation? Location)
{
    public bool IsRoot => Location is null;

    /// <summary>Replaces the matched node in its parent; for the root, returns the new root instead.</summary>
    public JsonNode? Replace(JsonNode? root, JsonNode? value)
    {
        if (Location is null)
        {
            return value;
        }
        if (Location.Parent is JsonObject o)
        {
            o[Location.Name!] = value;
        }
        else
        {
            ((JsonArray)Location.Parent)[Location.Index] = value;
        }
        return root;
    }
}

internal sealed partial class JsonPath
{
    /// <summary>Every node the path matches, in document order (recursive steps: a node before its descendants).</summary>
    public List<JsonMatch> Evaluate(JsonNode? root)
    {
        var current = new List<JsonMatch> { new(root, null) };
        foreach (var segment in Segments)
        {
            var next = new List<JsonMatch>();
            foreach (var match in current)
            {
                if (segment.Recursive)
                {
                    Descend(match, segment, next);
                }
                else
                {
                    Select(match, segment, next);
                }
            }
            current = next;
            if (current.Count == 0)
            {
                break;
            }
        }
        return current;
    }

    private static void Descend(JsonMatch match, JsonPathSegment segment, List<JsonMatch> output)
    {
        Select(match, segment, output);
        switch (match.Value)
        {
            case JsonObject o:
                foreach (var (name, child) in o)
                {
                    Descend(new JsonMatch(child, new JsonLocation(match.Location, o, name, -1)), segment, output);
                }
                break;
            case JsonArray a:
                for (int i = 0; i < a.Count; i++)
                {
                    Descend(new JsonMatch(a[i], new JsonLocation(match.Location, a, null, i)), segment, output);
                }
                break;
        }
    }

    private static void Select(JsonMatch match, JsonPathSegment segment, List<JsonMatch> output)
    {
        switch (segment.Selector, match.Value)
        {
            case (JsonPathSelector.Name, JsonObject o):
                if (o.TryGetPropertyValue(segment.Name!, out var value))
                {
                    output.Add(new JsonMatch(value, new JsonLocation(match.Location, o, segment.Name, -1)));
                }
                break;
            case (JsonPathSelector.Index, JsonArray a):
                long index = segment.Index < 0 ? a.Count + segment.Index : segment.Index;
                if (index >= 0 && index < a.Count)
                {
                    output.Add(new JsonMatch(a[(int)index], new JsonLocation(match.Location, a, null, (int)index)));
                }
                break;
            case (JsonPathSelector.Wildcard, JsonObject o):
                foreach (var (name, child) in o)
                {
                    output.Add(new JsonMatch(child, new JsonLocation(match.Location, o, name, -1)));
                }
                break;
            case (JsonPathSelector.Wildcard, JsonArray a):
                for (int i = 0; i < a.Count; i++)
                {
                    output.Add(new JsonMatch(a[i], new JsonLocation(match.Location, a, null, i)));
                }
                break;
            case (JsonPathSelector.Slice, JsonArray a):
                var (start, end) = SliceBounds(segment, a.Count);
                for (long i = start; i < end; i += segment.Step)
                {
                    output.Add(new JsonMatch(a[(int)i], new JsonLocation(match.Location, a, null, (int)i)));
                }
                break;
        }
    }

    private static (long Start, long End) SliceBounds(JsonPathSegment segment, int count)
    {
        static long Clamp(long v, int count) => v < 0 ? Math.Max(0, count + v) : Math.Min(v, count);
        long start = segment.Start is { } s ? Clamp(s, count) : 0;
        long end = segment.End is { } e ? Clamp(e, count) : count;
        return (start, end);
    }

    /// <summary>
    /// Orders matches for in-place edits that change array lengths (pop, insert, trim, delete), as
    /// RedisJSON does: step by step from the root, higher indices first, and a node after everything
    /// below it, so that no edit moves a node a later edit addresses by index. Returns the positions
    /// of the matches in that order.
    /// </summary>
    public static int[] MutationOrder(IReadOnlyList<JsonMatch> matches)
    {
        var steps = matches.Select(m => m.Location?.Steps() ?? []).ToArray();
        var order = Enumerable.Range(0, matches.Count).ToArray();
        Array.Sort(order, (x, y) => CompareForMutation(steps[x], steps[y]));
        return order;
    }

    private static int CompareForMutation(List<JsonLocation> a, List<JsonLocation> b)
    {
        for (int i = 0; ; i++)
        {
            if (i == a.Count || i == b.Count)
            {
                return b.Count.CompareTo(a.Count); // longer (deeper) first
            }
            var (x, y) = (a[i], b[i]);
            if (x.Name is not null && y.Name is not null)
            {
                int c = string.CompareOrdinal(x.Name, y.Name);
                if (c != 0)
                {
                    return c;
                }
            }
            else if (x.Name is null && y.Name is null)
            {
                if (x.Index != y.Index)
                {
                    return y.Index.CompareTo(x.Index); // higher index first
                }
            }
            else
            {
                return x.Name is not null ? -1 : 1;
            }
        }
    }
}

using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Mnemo.Internal.Json;

/// <summary>JSON.GET's INDENT, NEWLINE and SPACE strings (null: none, the compact form).</summary>
internal sealed record JsonFormat(string? Indent = null, string? Newline = null, string? Space = null)
{
    public static JsonFormat Compact { get; } = new();
}

internal static partial class JsonText
{
    /// <summary>A node as JSON text.</summary>
    public static string Serialize(JsonNode? node, JsonFormat? format = null)
    {
        var text = new StringBuilder();
        new Writer(text, format ?? JsonFormat.Compact).Value(node);
        return text.ToString();
    }

    /// <summary>Several nodes as one JSON array (the reply of a JSONPath query).</summary>
    public static string SerializeArray(IEnumerable<JsonNode?> nodes, JsonFormat? format = null)
    {
        var text = new StringBuilder();
        var writer = new Writer(text, format ?? JsonFormat.Compact);
        writer.Array(nodes);
        return text.ToString();
    }

    /// <summary>Named values as one JSON object (JSON.GET with several paths).</summary>
    public static string SerializeObject(IEnumerable<KeyValuePair<string, Action<Writer>>> members, JsonFormat? format = null)
    {
        var text = new StringBuilder();
        var writer = new Writer(text, format ?? JsonFormat.Compact);
        writer.Object(members);
        return text.ToString();
    }

    /// <summary>
    /// RedisJSON's formatter: a new line (NEWLINE then INDENT per level) before every member or
    /// element and before the closing bracket of a non-empty container, SPACE after each colon.
    /// </summary>
    internal sealed class Writer(StringBuilder text, JsonFormat format)
    {
        private int _level;

        private void NewLine()
        {
            text.Append(format.Newline);
            if (format.Indent is { Length: > 0 } indent)
            {
                for (int i = 0; i < _level; i++)
                {
                    text.Append(indent);
                }
            }
        }

        public void Value(JsonNode? node)
        {
            switch (node)
            {
                case null:
                    text.Append("null");
                    break;
                case JsonObject o:
                    Object(o.Select(p => new KeyValuePair<string, Action<Writer>>(p.Key, w => w.Value(p.Value))));
                    break;
                case JsonArray a:
                    Array(a);
                    break;
                default:
                    Scalar(node);
                    break;
            }
        }

        public void Array(IEnumerable<JsonNode?> items)
        {
            text.Append('[');
            _level++;
            bool any = false;
            foreach (var item in items)
            {
                if (any)
                {
                    text.Append(',');
                }
                NewLine();
                Value(item);
                any = true;
            }
            _level--;
            if (any)
            {
                NewLine();
            }
            text.Append(']');
        }

        public void Object(IEnumerable<KeyValuePair<string, Action<Writer>>> members)
        {
            text.Append('{');
            _level++;
            bool any = false;
            foreach (var (name, write) in members)
            {
                if (any)
                {
                    text.Append(',');
                }
                NewLine();
                String(name);
                text.Append(':').Append(format.Space);
                write(this);
                any = true;
            }
            _level--;
            if (any)
            {
                NewLine();
            }
            text.Append('}');
        }

        private void Scalar(JsonNode node)
        {
            switch (KindOf(node))
            {
                case JsonKind.String:
                    String(GetString(node));
                    break;
                case JsonKind.Boolean:
                    text.Append(GetBoolean(node) ? "true" : "false");
                    break;
                case JsonKind.Integer:
                    text.Append(node.ToJsonString());
                    break;
                case JsonKind.Number:
                    text.Append(FormatDouble(GetDouble(node)));
                    break;
                default:
                    text.Append("null");
                    break;
            }
        }

        /// <summary>A string as serde_json escapes it: quotes, backslashes and control characters only.</summary>
        public void String(string value)
        {
            text.Append('"');
            foreach (char c in value)
            {
                switch (c)
                {
                    case '"':
                        text.Append("\\\"");
                        break;
                    case '\\':
                        text.Append("\\\\");
                        break;
                    case '\n':
                        text.Append("\\n");
                        break;
                    case '\r':
                        text.Append("\\r");
                        break;
                    case '\t':
                        text.Append("\\t");
                        break;
                    case '\b':
                        text.Append("\\b");
                        break;
                    case '\f':
                        text.Append("\\f");
                        break;
                    default:
                        if (c < 0x20)
                        {
                            text.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                        }
                        else
                        {
                            text.Append(c);
                        }
                        break;
                }
            }
            text.Append('"');
        }
    }
}

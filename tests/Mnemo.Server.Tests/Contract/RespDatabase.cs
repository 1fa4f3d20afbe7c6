using System.Globalization;
using System.Reflection;
using System.Text;
using Mnemo.Server.Tests.Infrastructure;

namespace Mnemo.Server.Tests.Contract;

/// <summary>
/// <see cref="IMnemoDatabase"/> over TCP: every call is translated into the Redis command it
/// stands for, sent to the server, and the reply converted back, so the very same contract suites
/// that test the embedded API test the server. Each family registers its translations in its own
/// <c>RespDatabase.&lt;Family&gt;.cs</c>; a method without one fails its test with NotSupportedException.
/// </summary>
public class RespDatabase : DispatchProxy
{
    private static readonly Dictionary<string, Func<Call, object?>> Translations = BuildTranslations();

    private RawClient _client = null!;
    private int _database;

    public static IMnemoDatabase Create(RawClient client, int database)
    {
        var proxy = Create<IMnemoDatabase, RespDatabase>();
        var self = (RespDatabase)(object)proxy;
        self._client = client;
        self._database = database;
        return proxy;
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(targetMethod);
        if (targetMethod.Name == "get_Database")
        {
            return _database;
        }
        string signature = Signature(targetMethod);
        if (!Translations.TryGetValue(signature, out var translate))
        {
            throw new NotSupportedException($"No RESP translation for {signature}.");
        }
        return translate(new Call(_client, args ?? [], targetMethod));
    }

    /// <summary>A method's lookup key: name and parameter types, e.g. <c>StringSet(MnemoKey,MnemoValue,Nullable`1,When,Boolean)</c>.</summary>
    public static string Signature(MethodInfo method) =>
        method.Name + "(" + string.Join(",", method.GetParameters().Select(p => p.ParameterType.Name)) + ")";

    private static Dictionary<string, Func<Call, object?>> BuildTranslations()
    {
        var table = new Dictionary<string, Func<Call, object?>>();
        foreach (var register in typeof(RespDatabase).Assembly.GetTypes()
            .Where(t => t.GetCustomAttribute<RespTranslationsAttribute>() is not null)
            .Select(t => t.GetMethod("Register", BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic)!))
        {
            register.Invoke(null, [table]);
        }
        return table;
    }
}

/// <summary>Marks a static class whose <c>Register(Dictionary&lt;string, Func&lt;Call, object?&gt;&gt;)</c> adds translations.</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class RespTranslationsAttribute : Attribute;

/// <summary>One intercepted call: its arguments and helpers to send commands and convert replies.</summary>
public sealed class Call(RawClient client, object?[] args, MethodInfo method)
{
    public object?[] Args { get; } = args;

    public MethodInfo Method { get; } = method;

    public T Arg<T>(int index) => (T)Args[index]!;

    /// <summary>Sends a command (arguments: strings, keys, values, numbers, arrays of those) and returns the reply; error replies throw as the embedded API does.</summary>
    public RespReply Send(params object?[] parts)
    {
        var words = new List<byte[]>();
        foreach (var part in parts)
        {
            Flatten(part, words);
        }
        client.SendRaw(EncodeBytes(words));
        var reply = client.Read();
        if (reply.IsError)
        {
            throw reply.Text!.StartsWith("WRONGTYPE", StringComparison.Ordinal)
                ? new MnemoWrongTypeException(reply.Text)
                : new MnemoException(reply.Text!);
        }
        return reply;
    }

    public static MnemoValue Value(RespReply reply) => reply.IsNull ? MnemoValue.Null : (MnemoValue)(reply.Bytes ?? Encoding.UTF8.GetBytes(reply.Text!));

    public static MnemoValue[] Values(RespReply reply) => reply.Items is null ? [] : [.. reply.Items.Select(Value)];

    public static double Double(RespReply reply) => reply.Type == ':' ? reply.Integer : double.Parse(reply.Text!.Replace("inf", "Infinity", StringComparison.Ordinal), CultureInfo.InvariantCulture);

    public static string Seconds(TimeSpan ttl) => ((long)Math.Ceiling(ttl.TotalMilliseconds)).ToString(CultureInfo.InvariantCulture);

    private static void Flatten(object? part, List<byte[]> words)
    {
        switch (part)
        {
            case null:
                return;
            case string s:
                words.Add(Encoding.UTF8.GetBytes(s));
                break;
            case byte[] b:
                words.Add(b);
                break;
            case MnemoKey k:
                words.Add(k.ToArray());
                break;
            case MnemoValue v:
                words.Add(v.ToArray());
                break;
            case double d:
                words.Add(((MnemoValue)d).ToArray());
                break;
            case long or int:
                // Not through a conditional with a double: that would turn large integers into doubles.
                words.Add(((MnemoValue)Convert.ToInt64(part, CultureInfo.InvariantCulture)).ToArray());
                break;
            case System.Collections.IEnumerable many:
                foreach (var item in many)
                {
                    Flatten(item, words);
                }
                break;
            default:
                words.Add(Encoding.UTF8.GetBytes(Convert.ToString(part, CultureInfo.InvariantCulture)!));
                break;
        }
    }

    private static byte[] EncodeBytes(List<byte[]> words)
    {
        using var stream = new MemoryStream();
        void Write(string s) => stream.Write(Encoding.ASCII.GetBytes(s));
        Write($"*{words.Count}\r\n");
        foreach (var word in words)
        {
            Write($"${word.Length}\r\n");
            stream.Write(word);
            Write("\r\n");
        }
        return stream.ToArray();
    }
}

using System.Collections;
using System.Linq.Expressions;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Mnemo.Documents;

/// <summary>
/// Translates LINQ lambdas into <see cref="Query"/> conditions and field paths, naming members
/// as the collection's serializer names them and converting constants with its contracts (so
/// enums, dates and GUIDs compare with their stored form).
/// </summary>
internal sealed class LinqTranslator(JsonSerializerOptions options)
{
    /// <summary>Result of translating a member access: the JSON path and the member's CLR type.</summary>
    private readonly record struct TranslatedMember(string Path, Type Type);

    public Query Predicate(LambdaExpression lambda) => Condition(lambda.Body, lambda.Parameters[0]);

    public string Path(LambdaExpression lambda) =>
        Member(lambda.Body, lambda.Parameters[0]) is { } m ? m.Path : throw Unsupported(lambda.Body, "a sort key that is not a member of the document");

    private Query Condition(Expression e, ParameterExpression p)
    {
        switch (e.NodeType)
        {
            case ExpressionType.AndAlso:
            case ExpressionType.And when e.Type == typeof(bool):
                var and = (BinaryExpression)e;
                return Condition(and.Left, p) & Condition(and.Right, p);
            case ExpressionType.OrElse:
            case ExpressionType.Or when e.Type == typeof(bool):
                var or = (BinaryExpression)e;
                return Condition(or.Left, p) | Condition(or.Right, p);
            case ExpressionType.Not:
                return !Condition(((UnaryExpression)e).Operand, p);
            case ExpressionType.Equal:
            case ExpressionType.NotEqual:
            case ExpressionType.LessThan:
            case ExpressionType.LessThanOrEqual:
            case ExpressionType.GreaterThan:
            case ExpressionType.GreaterThanOrEqual:
                return Comparison((BinaryExpression)e, p);
            case ExpressionType.Constant when e.Type == typeof(bool):
                return (bool)((ConstantExpression)e).Value! ? Query.All : !Query.All;
            case ExpressionType.Call:
                return Call((MethodCallExpression)e, p);
            case ExpressionType.MemberAccess when e.Type == typeof(bool) || e.Type == typeof(bool?):
                if (e is MemberExpression { Member.Name: "HasValue" } has && Nullable.GetUnderlyingType(has.Expression!.Type) is not null)
                {
                    var target = Member(has.Expression, p) ?? throw Unsupported(e, "HasValue of something other than a document member");
                    return Query.Field(target.Path) != QueryValue.Null;
                }
                var flag = Member(e, p) ?? throw Unsupported(e, "a boolean that is not a document member");
                return Query.Field(flag.Path) == true;
            default:
                throw Unsupported(e, $"the {e.NodeType} expression");
        }
    }

    private Query Comparison(BinaryExpression e, ParameterExpression p)
    {
        var left = Member(e.Left, p);
        var right = Member(e.Right, p);
        var type = e.NodeType;
        if (left is null && right is not null)
        {
            (left, right) = (right, null);
            type = type switch
            {
                ExpressionType.LessThan => ExpressionType.GreaterThan,
                ExpressionType.LessThanOrEqual => ExpressionType.GreaterThanOrEqual,
                ExpressionType.GreaterThan => ExpressionType.LessThan,
                ExpressionType.GreaterThanOrEqual => ExpressionType.LessThanOrEqual,
                _ => type,
            };
            var constantSide = e.Left;
            return Compare(left!.Value, type, Constant(constantSide, left.Value.Type, p), e);
        }
        if (left is null || right is not null)
        {
            throw Unsupported(e, "a comparison that is not between a document member and a value");
        }
        return Compare(left.Value, type, Constant(e.Right, left.Value.Type, p), e);
    }

    private static Query Compare(TranslatedMember member, ExpressionType type, QueryValue value, Expression e)
    {
        var field = Query.Field(member.Path);
        return type switch
        {
            ExpressionType.Equal => field == value,
            ExpressionType.NotEqual => field != value,
            ExpressionType.LessThan => field < value,
            ExpressionType.LessThanOrEqual => field <= value,
            ExpressionType.GreaterThan => field > value,
            ExpressionType.GreaterThanOrEqual => field >= value,
            _ => throw Unsupported(e, $"the {type} comparison"),
        };
    }

    private Query Call(MethodCallExpression call, ParameterExpression p)
    {
        var method = call.Method;
        if (method.DeclaringType == typeof(string) && call.Object is not null && call.Arguments.Count == 1
            && method.Name is "StartsWith" or "Contains" && call.Arguments[0].Type == typeof(string))
        {
            var target = Member(call.Object, p) ?? throw Unsupported(call, $"{method.Name} on something other than a document member");
            var text = Evaluate(NoParameter(call.Arguments[0], p)) as string ?? throw Unsupported(call, $"{method.Name} with a null argument");
            return method.Name == "StartsWith" ? Query.Field(target.Path).StartsWith(text) : Query.Field(target.Path).Contains(text);
        }
        if (method.Name == "Contains")
        {
            // Enumerable.Contains(source, item) or source.Contains(item) on a collection.
            Expression source = StripSpan(call.Object ?? call.Arguments[0]);
            Expression item = call.Object is null ? call.Arguments[1] : call.Arguments[0];
            if (Member(source, p) is { } array && !UsesParameter(item, p))
            {
                var elementType = ElementType(array.Type) ?? typeof(object);
                return Query.Field(array.Path).ContainsAny(Constant(item, elementType, p));
            }
            if (Member(item, p) is { } member && !UsesParameter(source, p))
            {
                var values = (Evaluate(source) as IEnumerable ?? throw Unsupported(call, "Contains on a null collection"))
                    .Cast<object?>().Select(v => ToValue(v, member.Type, call)).ToArray();
                return Query.Field(member.Path).In(values);
            }
        }
        if (method.Name == "Equals" && call.Object is not null && call.Arguments.Count == 1)
        {
            return Comparison(Expression.Equal(call.Object, Expression.Convert(call.Arguments[0], call.Object.Type)), p);
        }
        throw Unsupported(call, $"the method {method.DeclaringType?.Name}.{method.Name}");
    }

    /// <summary>
    /// C# 14 binds <c>array.Contains(x)</c> to <c>MemoryExtensions.Contains</c> over an implicit span
    /// conversion, which an expression tree cannot evaluate; the array itself is what is meant.
    /// </summary>
    private static Expression StripSpan(Expression e)
    {
        while (true)
        {
            if (e is MethodCallExpression { Method.Name: "op_Implicit", Arguments.Count: 1 } conversion && IsSpan(conversion.Type))
            {
                e = conversion.Arguments[0];
            }
            else if (e is UnaryExpression { NodeType: ExpressionType.Convert } convert && IsSpan(convert.Type))
            {
                e = convert.Operand;
            }
            else
            {
                return e;
            }
        }
    }

    private static bool IsSpan(Type type) =>
        type.IsGenericType && (type.GetGenericTypeDefinition() == typeof(ReadOnlySpan<>) || type.GetGenericTypeDefinition() == typeof(Span<>));

    /// <summary>The JSON path of a member chain on the parameter (<c>x.Address.City</c>), or null when it is not one.</summary>
    private TranslatedMember? Member(Expression e, ParameterExpression p)
    {
        while (e.NodeType is ExpressionType.Convert or ExpressionType.ConvertChecked)
        {
            e = ((UnaryExpression)e).Operand;
        }
        if (e is MemberExpression { Member.Name: "Value" } nullable && nullable.Expression is not null && Nullable.GetUnderlyingType(nullable.Expression.Type) is not null)
        {
            e = nullable.Expression;
        }
        var chain = new List<MemberExpression>();
        var current = e;
        while (current is MemberExpression { Expression: not null } m)
        {
            chain.Add(m);
            current = m.Expression;
        }
        if (current != p || chain.Count == 0)
        {
            return null;
        }
        var names = new List<string>(chain.Count);
        foreach (var m in chain)
        {
            names.Add(JsonName(m.Expression!.Type, m.Member) ?? throw Unsupported(m, $"the member {m.Member.Name}, which is not serialized,"));
        }
        var type = chain[0].Type;
        names.Reverse();
        return new TranslatedMember(string.Join('.', names), type);
    }

    private string? JsonName(Type owner, MemberInfo member)
    {
        JsonTypeInfo info;
        try
        {
            info = options.GetTypeInfo(owner);
        }
        catch (NotSupportedException)
        {
            return null;
        }
        foreach (var property in info.Properties)
        {
            if (property.AttributeProvider is MemberInfo m && m.Name == member.Name)
            {
                return property.Name;
            }
        }
        return null;
    }

    private QueryValue Constant(Expression e, Type memberType, ParameterExpression p) => ToValue(Evaluate(NoParameter(e, p)), memberType, e);

    /// <summary>Serializes a constant as the member's contract does, giving the form stored in documents.</summary>
    private QueryValue ToValue(object? value, Type memberType, Expression where)
    {
        if (value is null)
        {
            return QueryValue.Null;
        }
        var target = Nullable.GetUnderlyingType(memberType) ?? memberType;
        if (target.IsEnum && value.GetType() != target)
        {
            value = Enum.ToObject(target, value);
        }
        if (!target.IsInstanceOfType(value))
        {
            target = value.GetType();
        }
        try
        {
            return QueryValue.FromJson(JsonSerializer.SerializeToElement(value, options.GetTypeInfo(target)));
        }
        catch (ArgumentException ex)
        {
            throw new NotSupportedException($"The LINQ expression part '{where}' compares with a value that is not a scalar: {ex.Message}", ex);
        }
    }

    private static Expression NoParameter(Expression e, ParameterExpression p) =>
        UsesParameter(e, p) ? throw Unsupported(e, "a value computed from the document") : e;

    private static bool UsesParameter(Expression e, ParameterExpression p)
    {
        var finder = new ParameterFinder(p);
        finder.Visit(e);
        return finder.Found;
    }

    private static Type? ElementType(Type type) =>
        type.IsArray ? type.GetElementType()
        : type.GetInterfaces().Append(type).FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>))?.GetGenericArguments()[0];

    /// <summary>Evaluates an expression that does not involve the document (constants, captured variables).</summary>
    public static object? Evaluate(Expression e)
    {
        switch (e)
        {
            case ConstantExpression c:
                return c.Value;
            case MemberExpression { Expression: null or ConstantExpression } m:
                object? target = m.Expression is ConstantExpression owner ? owner.Value : null;
                return m.Member switch
                {
                    FieldInfo f => f.GetValue(target),
                    PropertyInfo prop => prop.GetValue(target),
                    _ => Expression.Lambda(e).Compile().DynamicInvoke(),
                };
            default:
                return Expression.Lambda(e).Compile().DynamicInvoke();
        }
    }

    private static NotSupportedException Unsupported(Expression part, string what) =>
        new($"The LINQ expression part '{part}' cannot be translated into a Mnemo query ({what} is not supported).");

    private sealed class ParameterFinder(ParameterExpression p) : ExpressionVisitor
    {
        public bool Found { get; private set; }

        protected override Expression VisitParameter(ParameterExpression node)
        {
            Found |= node == p;
            return node;
        }
    }
}

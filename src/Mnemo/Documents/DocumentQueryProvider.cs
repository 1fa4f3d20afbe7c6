using System.Collections;
using System.Linq.Expressions;

namespace Mnemo.Documents;

/// <summary>The <see cref="IQueryable{T}"/> of <see cref="DocumentCollection{T}.AsQueryable"/>.</summary>
internal sealed class DocumentQueryable<T>(DocumentQueryProvider<T> provider, Expression? expression = null) : IOrderedQueryable<T>
    where T : class
{
    public Type ElementType => typeof(T);

    public Expression Expression { get; } = expression ?? Expression.Constant(null, typeof(DocumentQueryable<T>));

    public IQueryProvider Provider => provider;

    public IEnumerator<T> GetEnumerator() => provider.Execute<IEnumerable<T>>(Expression).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}

/// <summary>
/// Translates a LINQ method chain into one <see cref="Query"/> with sort, skip and take, and runs it
/// on the collection. Anything it cannot translate throws <see cref="NotSupportedException"/>
/// naming the part: a query never silently falls back to filtering in memory.
/// </summary>
internal sealed class DocumentQueryProvider<T>(DocumentCollection<T> collection) : IQueryProvider where T : class
{
    private readonly LinqTranslator _translator = new(collection.SerializerOptions);

    public IQueryable CreateQuery(Expression expression) => CreateQuery<T>(expression);

    public IQueryable<TElement> CreateQuery<TElement>(Expression expression)
    {
        if (typeof(TElement) != typeof(T))
        {
            throw new NotSupportedException(
                $"The LINQ expression '{expression}' changes the element type to {typeof(TElement).Name}: projections (Select) are not translated; call ToList() first and project in memory.");
        }
        return (IQueryable<TElement>)(object)new DocumentQueryable<T>(this, expression);
    }

    public object? Execute(Expression expression) => Execute<object>(expression);

    public TResult Execute<TResult>(Expression expression)
    {
        var calls = new List<MethodCallExpression>();
        var current = expression;
        while (current is MethodCallExpression call)
        {
            calls.Add(call);
            current = call.Arguments[0];
        }
        if (current is not ConstantExpression)
        {
            throw new NotSupportedException($"The LINQ expression '{expression}' does not start from a Mnemo collection.");
        }
        calls.Reverse();
        Query filter = Query.All;
        var sort = new List<SortField>();
        int skip = 0;
        int? take = null;
        for (int n = 0; n < calls.Count; n++)
        {
            var call = calls[n];
            string name = call.Method.Name;
            bool last = n == calls.Count - 1;
            bool paged = skip > 0 || take is not null;
            switch (name)
            {
                case "Where":
                    if (paged)
                    {
                        throw Unsupported(call, "Where after Skip or Take");
                    }
                    filter &= _translator.Predicate(Lambda(call));
                    break;
                case "OrderBy" or "OrderByDescending":
                    if (paged)
                    {
                        throw Unsupported(call, "OrderBy after Skip or Take");
                    }
                    sort.Clear();
                    sort.Add(new SortField(_translator.Path(Lambda(call)), name.EndsWith("Descending", StringComparison.Ordinal)));
                    break;
                case "ThenBy" or "ThenByDescending":
                    sort.Add(new SortField(_translator.Path(Lambda(call)), name.EndsWith("Descending", StringComparison.Ordinal)));
                    break;
                case "Skip":
                    int s = (int)LinqTranslator.Evaluate(call.Arguments[1])!;
                    s = Math.Max(0, s);
                    skip += s;
                    take = take is { } t ? Math.Max(0, t - s) : null;
                    break;
                case "Take":
                    int k = Math.Max(0, (int)LinqTranslator.Evaluate(call.Arguments[1])!);
                    take = take is { } t2 ? Math.Min(t2, k) : k;
                    break;
                case "Count" or "LongCount" or "Any" or "First" or "FirstOrDefault" when last:
                    if (call.Arguments.Count > 1)
                    {
                        if (paged)
                        {
                            throw Unsupported(call, $"{name} with a condition after Skip or Take");
                        }
                        filter &= _translator.Predicate(Lambda(call));
                    }
                    return (TResult)Terminal(name, filter, sort, skip, take);
                default:
                    throw Unsupported(call, $"the method {name}");
            }
        }
        return (TResult)(object)collection.Run(filter, new FindOptions { Sort = sort, Skip = skip, Take = take }, null);
    }

    private object Terminal(string name, Query filter, List<SortField> sort, int skip, int? take)
    {
        switch (name)
        {
            case "Count" or "LongCount":
                long total = collection.RunCount(filter, null);
                long paged = Math.Max(0, total - skip);
                if (take is { } t)
                {
                    paged = Math.Min(paged, t);
                }
                return name == "Count" ? (object)checked((int)paged) : paged;
            case "Any":
                return collection.Run(filter, new FindOptions { Sort = sort, Skip = skip, Take = Math.Min(take ?? 1, 1) }, null).Count > 0;
            default:
                var first = collection.Run(filter, new FindOptions { Sort = sort, Skip = skip, Take = Math.Min(take ?? 1, 1) }, null);
                if (first.Count == 0)
                {
                    return name == "First" ? throw new InvalidOperationException("Sequence contains no elements") : null!;
                }
                return first[0];
        }
    }

    private static LambdaExpression Lambda(MethodCallExpression call) =>
        call.Arguments[1] is UnaryExpression { NodeType: ExpressionType.Quote, Operand: LambdaExpression lambda }
            ? lambda
            : throw Unsupported(call, "a non-lambda argument");

    private static NotSupportedException Unsupported(Expression part, string what) =>
        new($"The LINQ expression part '{part}' cannot be translated into a Mnemo query ({what} is not supported).");
}

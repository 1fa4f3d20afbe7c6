using Mnemo.Documents;
using static Mnemo.Documents.Query;

namespace Mnemo.Tests.Documents;

public sealed class DocumentLinqTests : IDisposable
{
    private readonly MnemoStore _store = new();
    private readonly DocumentCollection<User> _users;
    private readonly List<User> _all = [];

    public DocumentLinqTests()
    {
        _users = _store.GetCollection<User>("users");
        var random = new Random(7);
        for (int i = 0; i < 120; i++)
        {
            var u = new User
            {
                Id = $"u{i:D3}",
                Name = new[] { "Alice", "Bob", "Carol", "Dave" }[i % 4] + (i % 7),
                Age = random.Next(18, 70),
                Email = i % 5 == 0 ? null : $"user{i}@example.com",
                Tags = [.. Enumerable.Range(0, i % 3).Select(t => "tag" + ((i + t) % 4))],
                Address = i % 6 == 0 ? null : new Address { City = new[] { "Paris", "Lyon", "Nice" }[i % 3], Zip = i * 10 },
                Active = i % 2 == 0,
                Favorite = (Color)(i % 3),
                Score = i % 4 == 0 ? null : i / 3.0,
            };
            _users.Insert(u);
            _all.Add(u);
        }
    }

    public void Dispose() => _store.Dispose();

    private static List<string?> Ids(IEnumerable<User> users) => [.. users.Select(u => u.Id)];

    [Fact]
    public void Where_order_skip_take_translate_and_agree_with_linq_to_objects()
    {
        int limit = 30;
        var min = new { Age = 25 };
        string[] names = ["Alice1", "Bob2", "Carol3"];
        var q = _users.AsQueryable();

        Assert.Equal(Ids(_all.Where(u => u.Age < limit)), Ids(q.Where(u => u.Age < limit)));
        Assert.Equal(Ids(_all.Where(u => limit > u.Age && u.Age >= min.Age)), Ids(q.Where(u => limit > u.Age && u.Age >= min.Age)));
        Assert.Equal(Ids(_all.Where(u => u.Name == "Alice1" || !u.Active)), Ids(q.Where(u => u.Name == "Alice1" || !u.Active)));
        Assert.Equal(Ids(_all.Where(u => u.Active)), Ids(q.Where(u => u.Active)));
        Assert.Equal(Ids(_all.Where(u => u.Email == null)), Ids(q.Where(u => u.Email == null)));
        Assert.Equal(Ids(_all.Where(u => u.Email != null && u.Email.StartsWith("user1"))), Ids(q.Where(u => u.Email != null && u.Email.StartsWith("user1"))));
        Assert.Equal(Ids(_all.Where(u => u.Name.Contains("ob"))), Ids(q.Where(u => u.Name.Contains("ob"))));
        Assert.Equal(Ids(_all.Where(u => names.Contains(u.Name))), Ids(q.Where(u => names.Contains(u.Name))));
        Assert.Equal(Ids(_all.Where(u => u.Tags.Contains("tag2"))), Ids(q.Where(u => u.Tags.Contains("tag2"))));
        Assert.Equal(Ids(_all.Where(u => u.Address != null && u.Address.City == "Nice")), Ids(q.Where(u => u.Address!.City == "Nice")));
        Assert.Equal(Ids(_all.Where(u => u.Favorite == Color.Blue)), Ids(q.Where(u => u.Favorite == Color.Blue)));
        Assert.Equal(Ids(_all.Where(u => u.Score > 10)), Ids(q.Where(u => u.Score > 10)));
        Assert.Equal(Ids(_all.Where(u => u.Score.HasValue)), Ids(q.Where(u => u.Score.HasValue)));
        Assert.Equal(Ids(_all.Where(u => u.Score.HasValue && u.Score.Value < 5)), Ids(q.Where(u => u.Score!.Value < 5)));
        Assert.Equal(Ids(_all.Where(u => u.Id!.Equals("u005"))), Ids(q.Where(u => u.Id!.Equals("u005"))));

        var expected = _all.Where(u => u.Age > 20).OrderBy(u => u.Name, StringComparer.Ordinal).ThenByDescending(u => u.Age)
            .ThenByDescending(u => u.Id, StringComparer.Ordinal).Skip(3).Take(10);
        var actual = q.Where(u => u.Age > 20).OrderBy(u => u.Name).ThenByDescending(u => u.Age).Skip(3).Take(10);
        Assert.Equal(Ids(expected), Ids(actual));
        Assert.Equal(Ids(_all.Take(10).Skip(3)), Ids(q.Take(10).Skip(3)));
        Assert.Equal(Ids(_all.Skip(100).Take(50)), Ids(q.Skip(100).Take(50)));
        Assert.Equal(Ids(_all.Where(u => u.Age < 40).Where(u => u.Active)), Ids(q.Where(u => u.Age < 40).Where(u => u.Active)));
    }

    [Fact]
    public void Terminal_operators()
    {
        var q = _users.AsQueryable();
        Assert.Equal(_all.Count(u => u.Age < 30), q.Count(u => u.Age < 30));
        Assert.Equal(_all.Count(u => u.Age < 30), q.Where(u => u.Age < 30).Count());
        Assert.Equal(_all.LongCount(), q.LongCount());
        Assert.Equal(Math.Min(5, _all.Count(u => u.Age < 30)), q.Where(u => u.Age < 30).Take(5).Count());
        Assert.Equal(_all.Skip(110).Count(), q.Skip(110).Count());
        Assert.True(q.Any(u => u.Name == "Bob1"));
        Assert.False(q.Any(u => u.Name == "nobody"));
        Assert.True(q.Any());
        Assert.Equal("u000", q.First().Id);
        Assert.Equal(_all.OrderByDescending(u => u.Age).ThenByDescending(u => u.Id, StringComparer.Ordinal).First().Id, q.OrderByDescending(u => u.Age).First().Id);
        Assert.Equal(_all.First(u => u.Age > 60).Id, q.First(u => u.Age > 60).Id);
        Assert.Null(q.FirstOrDefault(u => u.Age > 1000));
        Assert.Throws<InvalidOperationException>(() => q.First(u => u.Age > 1000));
        Assert.Equal(_all.Count, q.ToList().Count);
    }

    [Fact]
    public void Linq_uses_indexes()
    {
        _users.EnsureIndex("age", new IndexOptions { Kind = IndexKind.Ordered });
        var expected = _all.Where(u => u.Age < 25).Select(u => u.Id).ToList();
        Assert.Equal(expected, Ids(_users.AsQueryable().Where(u => u.Age < 25)));
        Assert.Equal("IndexRange", _users.Explain(Field("age") < 25).Strategy);
    }

    [Fact]
    public void Untranslatable_parts_are_named_never_scanned_silently()
    {
        var q = _users.AsQueryable();
        var upper = Assert.Throws<NotSupportedException>(() => q.Where(u => u.Name.ToUpper() == "BOB").ToList());
        Assert.Contains("ToUpper", upper.Message);
        var both = Assert.Throws<NotSupportedException>(() => q.Where(u => u.Age == u.Address!.Zip).ToList());
        Assert.Contains("u.Age == u.Address.Zip", both.Message);
        var arithmetic = Assert.Throws<NotSupportedException>(() => q.Where(u => u.Age + 1 > 30).ToList());
        Assert.Contains("u.Age + 1", arithmetic.Message);
        Assert.Throws<NotSupportedException>(() => q.Select(u => u.Name).ToList());
        Assert.Throws<NotSupportedException>(() => q.Take(5).Where(u => u.Active).ToList());
        Assert.Throws<NotSupportedException>(() => q.Take(5).Count(u => u.Active));
        var reverse = Assert.Throws<NotSupportedException>(() => q.Reverse().ToList());
        Assert.Contains("Reverse", reverse.Message);
        Assert.Throws<NotSupportedException>(() => q.OrderBy(u => u.Name.Length).ToList());
        Assert.Throws<NotSupportedException>(() => q.Single(u => u.Id == "u001"));
    }
}

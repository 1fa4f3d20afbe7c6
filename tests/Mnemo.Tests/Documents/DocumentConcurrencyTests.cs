using Mnemo.Documents;
using static Mnemo.Documents.Query;

namespace Mnemo.Tests.Documents;

public sealed class DocumentConcurrencyTests
{
    [Fact]
    public void Indexes_stay_exact_under_concurrent_writers_of_every_kind_and_readers()
    {
        using var store = new MnemoStore(new MnemoStoreOptions { ShardsPerDatabase = 8 });
        var users = store.GetCollection<User>("users");
        users.EnsureIndex("age", new IndexOptions { Kind = IndexKind.Ordered });
        users.EnsureIndex("name");
        users.EnsureIndex("email", new IndexOptions { Unique = true });
        var db = store.GetDatabase();
        var failures = new System.Collections.Concurrent.ConcurrentQueue<string>();
        using var stop = new CancellationTokenSource();

        var writers = Enumerable.Range(0, 3).Select(t => new Thread(() =>
        {
            var r = new Random(t);
            for (int n = 0; n < 3000; n++)
            {
                string id = "k" + r.Next(200);
                try
                {
                    switch (r.Next(7))
                    {
                        case 0:
                            users.Upsert(id, new User { Name = "n" + r.Next(10), Age = r.Next(100), Email = "e" + r.Next(300) });
                            break;
                        case 1:
                            users.Update(id, Update.Set("age", r.Next(100)));
                            break;
                        case 2:
                            users.Delete(id);
                            break;
                        case 3:
                            db.KeyDelete(users.KeyOf(id));
                            break;
                        case 4:
                            if (db.KeyExists(users.KeyOf(id)))
                            {
                                db.KeyRename(users.KeyOf(id), users.KeyOf("k" + r.Next(200)));
                            }
                            break;
                        case 5:
                            users.Insert(new User { Name = "n" + r.Next(10), Age = r.Next(100), Email = "e" + r.Next(300) });
                            break;
                        default:
                            users.Replace(id, new User { Name = "n" + r.Next(10), Age = r.Next(100) });
                            break;
                    }
                }
                catch (MnemoException)
                {
                    // unique refusals and races with RENAME (no such key) are expected
                }
            }
        })).ToList();
        var readers = Enumerable.Range(0, 2).Select(t => new Thread(() =>
        {
            var r = new Random(100 + t);
            while (!stop.IsCancellationRequested)
            {
                int age = r.Next(100);
                foreach (var u in users.Find(Field("age") < age))
                {
                    if (u.Age >= age)
                    {
                        failures.Enqueue($"age {u.Age} returned for < {age}");
                    }
                }
                string name = "n" + r.Next(10);
                if (users.Find(Field("name") == name).Any(u => u.Name != name))
                {
                    failures.Enqueue("name mismatch");
                }
            }
        })).ToList();
        readers.ForEach(t => t.Start());
        writers.ForEach(t => t.Start());
        writers.ForEach(t => t.Join());
        stop.Cancel();
        readers.ForEach(t => t.Join());

        Assert.Empty(failures);
        var all = users.FindAll();
        Assert.Equal(all.Select(u => u.Id), users.Find(Field("age") < 1000).Select(u => u.Id));
        Assert.Equal(all.Select(u => u.Id), users.Find(Field("age") >= 0, new FindOptions { Sort = [new SortField("age")] }).OrderBy(u => u.Id, StringComparer.Ordinal).Select(u => u.Id));
        foreach (var group in all.GroupBy(u => u.Name))
        {
            Assert.Equal(group.Select(u => u.Id), users.Find(Field("name") == group.Key).Select(u => u.Id));
        }
        var emails = all.Where(u => u.Email is not null).Select(u => u.Email).ToList();
        Assert.Equal(emails.Count, emails.Distinct().Count());
        Assert.All(store.GetIndexes(), i => Assert.Equal(all.Count, i.Entries));
    }
}

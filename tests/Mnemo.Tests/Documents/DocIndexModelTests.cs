using System.Text;
using Mnemo.Internal.Documents;

namespace Mnemo.Tests.Documents;

/// <summary>
/// <see cref="DocIndex"/>'s tables (per shard key to value, value to owners: one key or a set)
/// against a dictionary model, through random sets, changes and removals of few shared values.
/// </summary>
public sealed class DocIndexModelTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Index_tables_follow_a_model(bool ordered)
    {
        var index = new DocIndex("i", new IndexSource("d:*", hashes: false), [FieldPath.Parse("v")], ordered, unique: false, shardCount: 2);
        var model = new Dictionary<string, long>();
        var random = new Random(ordered ? 7 : 11);
        for (int step = 0; step < 5_000; step++)
        {
            string key = "d:" + random.Next(40);
            int shard = key.Length % 2;
            var bytes = Encoding.UTF8.GetBytes(key);
            if (random.Next(3) == 0)
            {
                index.Set(shard, null, bytes, null);
                model.Remove(key);
            }
            else
            {
                long v = random.Next(5);
                index.Set(shard, random.Next(2) == 0 ? null : bytes, bytes, new IndexKey([DocValue.From(v)]));
                model[key] = v;
            }
            if (step % 50 == 0 || step == 4_999)
            {
                for (long v = 0; v < 5; v++)
                {
                    var expected = model.Where(e => e.Value == v).Select(e => e.Key).Order(StringComparer.Ordinal);
                    var actual = index.Lookup(new IndexKey([DocValue.From(v)])).Select(k => Encoding.UTF8.GetString(k)).Order(StringComparer.Ordinal);
                    Assert.Equal(expected, actual);
                    var added = new List<byte[]>();
                    index.AddOwners(new IndexKey([DocValue.From(v)]), added);
                    Assert.Equal(expected, added.Select(k => Encoding.UTF8.GetString(k)).Order(StringComparer.Ordinal));
                }
                Assert.Equal(model.Count, index.Entries);
            }
        }
    }
}

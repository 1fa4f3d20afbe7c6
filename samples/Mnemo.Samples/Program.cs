using Mnemo;

// The README's example: this program is built and run by ./test.sh, so the README cannot drift.
using var store = new MnemoStore();
var db = store.GetDatabase();

// Strings with a TTL
db.StringSet("session:42", "alice", TimeSpan.FromMinutes(30));
Console.WriteLine($"session:42 = {db.StringGet("session:42")}");

// Counters
long visits = db.StringIncrement("visits");
Console.WriteLine($"visits = {visits}");

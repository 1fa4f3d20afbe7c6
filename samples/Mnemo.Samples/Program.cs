using Mnemo;

// The README's example: ./test.sh builds and runs this program and checks that the README shows it verbatim.
using var store = new MnemoStore();
var db = store.GetDatabase();

// Strings with a TTL, and counters
db.StringSet("session:42", "alice", TimeSpan.FromMinutes(30));
Console.WriteLine($"session:42 = {db.StringGet("session:42")}, expires in {db.KeyTimeToLive("session:42")}");
db.StringIncrement("visits");
Console.WriteLine($"visits = {(long)db.StringIncrement("visits")}");

// A list as a queue
db.ListRightPush("jobs", ["resize:1.png", "resize:2.png"]);
Console.WriteLine($"next job: {db.ListLeftPop("jobs")}, still queued: {db.ListLength("jobs")}");

// A hash as a record
db.HashSet("user:42", [new HashEntry("name", "Alice"), new HashEntry("city", "Lyon")]);
Console.WriteLine($"user:42 = {string.Join(", ", db.HashGetAll("user:42").Select(e => $"{e.Name}={e.Value}"))}");

// A sorted set as a leaderboard
db.SortedSetAdd("scores", "alice", 310);
db.SortedSetAdd("scores", "bob", 275);
db.SortedSetIncrement("scores", "bob", 50);
foreach (var entry in db.SortedSetRangeByRankWithScores("scores", 0, 2, Order.Descending))
{
    Console.WriteLine($"leaderboard: {entry.Element} {entry.Score}");
}

// A transaction with WATCH: check-and-set that fails if someone changed the key meanwhile.
// The transaction names the keys it writes; it locks them (and the watched ones) while it runs.
db.StringSet("stock:widget", 5);
using var tx = db.CreateTransaction("stock:widget", "orders");
tx.Watch("stock:widget");
long stock = (long)db.StringGet("stock:widget");
bool sold = stock > 0 && tx.Execute(t =>
{
    t.StringSet("stock:widget", stock - 1);
    t.ListRightPush("orders", "widget");
});
Console.WriteLine($"sold: {sold}, stock left: {db.StringGet("stock:widget")}");

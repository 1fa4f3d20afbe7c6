// Smoke test of a Mnemo server with a real Node.js client (ioredis): every command family,
// pipelining, MULTI/EXEC and WATCH, pub/sub, blocking pops.
// Usage: node smoke.js PORT   (exits 0 when every check passes, 1 otherwise)
'use strict';

const assert = require('node:assert/strict');
const Redis = require('ioredis');

const port = Number(process.argv[2]);
if (!Number.isInteger(port) || port <= 0) {
  console.error('usage: node smoke.js PORT');
  process.exit(2);
}

// Fail fast instead of retrying or hanging: no reconnects, a timeout on every command.
function connect(extra = {}) {
  return new Redis({
    host: '127.0.0.1',
    port,
    enableReadyCheck: false,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    commandTimeout: 5000,
    ...extra,
  });
}

const clients = [];
function client(extra) {
  const c = connect(extra);
  c.on('error', () => {}); // errors surface through the failing commands
  clients.push(c);
  return c;
}

const results = { passed: 0, failed: 0, failures: [] };

// Runs one section; a failing check ends its section (later sections still run).
async function section(name, body) {
  try {
    await body();
    results.passed++;
    console.log(`ok   ${name}`);
  } catch (err) {
    results.failed++;
    const message = (err && err.message ? err.message : String(err)).split('\n').slice(0, 6).join('\n     ');
    results.failures.push(name);
    console.log(`FAIL ${name}\n     ${message}`);
  }
}

async function rejects(promise, pattern) {
  await assert.rejects(promise, (err) => {
    assert.match(err.message, pattern);
    return true;
  });
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const sorted = (array) => [...array].sort();

async function main() {
  const db = client();
  const other = client();

  await section('connection: default client options (ready check with INFO)', async () => {
    const c = connect({ enableReadyCheck: true });
    c.on('error', () => {});
    clients.push(c);
    assert.equal(await c.ping(), 'PONG');
    assert.equal(await c.echo('hi'), 'hi');
  });

  await section('connection: PING, ECHO, SELECT', async () => {
    assert.equal(await db.ping(), 'PONG');
    assert.equal(await db.ping('hello'), 'hello');
    assert.equal(await db.echo('héllo wörld'), 'héllo wörld');
    const db3 = client({ db: 3 });
    await db3.set('smoke:db3', 'three');
    assert.equal(await db3.get('smoke:db3'), 'three');
    assert.equal(await db.get('smoke:db3'), null);
    await rejects(db.select(1000), /DB index is out of range/);
  });

  await section('strings', async () => {
    assert.equal(await db.set('s:greeting', 'hello'), 'OK');
    assert.equal(await db.get('s:greeting'), 'hello');
    assert.equal(await db.get('s:missing'), null);
    assert.equal(await db.append('s:greeting', ' world'), 11);
    assert.equal(await db.strlen('s:greeting'), 11);
    assert.equal(await db.getrange('s:greeting', 0, 4), 'hello');
    assert.equal(await db.setrange('s:greeting', 6, 'there'), 11);
    assert.equal(await db.get('s:greeting'), 'hello there');
    assert.equal(await db.incr('s:counter'), 1);
    assert.equal(await db.incrby('s:counter', 41), 42);
    assert.equal(await db.decr('s:counter'), 41);
    assert.equal(await db.decrby('s:counter', 1), 40);
    assert.equal(await db.incrbyfloat('s:float', '2.5'), '2.5');
    assert.equal(await db.incrbyfloat('s:float', '0.1'), '2.6');
    assert.equal(await db.mset('s:a', '1', 's:b', '2'), 'OK');
    assert.deepEqual(await db.mget('s:a', 's:b', 's:missing'), ['1', '2', null]);
    assert.equal(await db.msetnx('s:a', 'x', 's:c', '3'), 0);
    assert.equal(await db.setnx('s:a', 'x'), 0);
    assert.equal(await db.set('s:a', 'new', 'NX'), null);
    assert.equal(await db.set('s:a', 'new', 'XX', 'GET'), '1');
    assert.equal(await db.getset('s:a', 'newer'), 'new');
    assert.equal(await db.getdel('s:a'), 'newer');
    assert.equal(await db.get('s:a'), null);
    const big = 'x'.repeat(100_000);
    await db.set('s:big', big);
    assert.equal(await db.get('s:big'), big);
    const bytes = Buffer.from([0, 1, 2, 255, 13, 10]);
    await db.set('s:binary', bytes);
    assert.deepEqual(await db.getBuffer('s:binary'), bytes);
    await rejects(db.incr('s:greeting'), /^ERR value is not an integer or out of range/);
  });

  await section('keys and expiry', async () => {
    await db.mset('k:1', 'a', 'k:2', 'b', 'k:3', 'c');
    assert.equal(await db.exists('k:1', 'k:2', 'k:nope'), 2);
    assert.equal(await db.type('k:1'), 'string');
    assert.equal(await db.type('k:nope'), 'none');
    assert.deepEqual(sorted(await db.keys('k:*')), ['k:1', 'k:2', 'k:3']);
    const scanned = new Set();
    let cursor = '0';
    do {
      const [next, keys] = await db.scan(cursor, 'MATCH', 'k:*', 'COUNT', 2);
      keys.forEach((k) => scanned.add(k));
      cursor = next;
    } while (cursor !== '0');
    assert.deepEqual(sorted(scanned), ['k:1', 'k:2', 'k:3']);
    assert.equal(await db.expire('k:1', 100), 1);
    const ttl = await db.ttl('k:1');
    assert.ok(ttl > 95 && ttl <= 100, `ttl ${ttl}`);
    const pttl = await db.pttl('k:1');
    assert.ok(pttl > 95_000 && pttl <= 100_000, `pttl ${pttl}`);
    assert.equal(await db.ttl('k:2'), -1);
    assert.equal(await db.ttl('k:nope'), -2);
    assert.equal(await db.persist('k:1'), 1);
    assert.equal(await db.ttl('k:1'), -1);
    await db.set('k:short', 'v', 'PX', 100);
    await sleep(250);
    assert.equal(await db.get('k:short'), null);
    assert.equal(await db.rename('k:2', 'k:renamed'), 'OK');
    assert.equal(await db.get('k:renamed'), 'b');
    assert.equal(await db.renamenx('k:renamed', 'k:3'), 0);
    assert.equal(await db.del('k:1', 'k:renamed', 'k:nope'), 2);
    assert.equal(await db.unlink('k:3'), 1);
    assert.equal(await db.exists('k:1', 'k:3'), 0);
    await db.set('k:at', 'v');
    assert.equal(await db.expireat('k:at', Math.floor(Date.now() / 1000) + 1000), 1);
    assert.ok((await db.ttl('k:at')) > 990);
  });

  await section('lists', async () => {
    assert.equal(await db.rpush('l:q', 'a', 'b', 'c'), 3);
    assert.equal(await db.lpush('l:q', 'z'), 4);
    assert.deepEqual(await db.lrange('l:q', 0, -1), ['z', 'a', 'b', 'c']);
    assert.equal(await db.llen('l:q'), 4);
    assert.equal(await db.lindex('l:q', -1), 'c');
    assert.equal(await db.lset('l:q', 1, 'A'), 'OK');
    assert.equal(await db.linsert('l:q', 'BEFORE', 'b', 'a2'), 5);
    assert.equal(await db.lpos('l:q', 'b'), 3);
    assert.equal(await db.lpop('l:q'), 'z');
    assert.equal(await db.rpop('l:q'), 'c');
    assert.deepEqual(await db.lrange('l:q', 0, -1), ['A', 'a2', 'b']);
    await db.rpush('l:q', 'b', 'b');
    assert.equal(await db.lrem('l:q', 0, 'b'), 3);
    assert.equal(await db.ltrim('l:q', 0, 0), 'OK');
    assert.deepEqual(await db.lrange('l:q', 0, -1), ['A']);
    assert.equal(await db.lmove('l:q', 'l:other', 'LEFT', 'RIGHT'), 'A');
    assert.equal(await db.llen('l:q'), 0); // an emptied list is removed
    assert.deepEqual(await db.lrange('l:other', 0, -1), ['A']);
    assert.deepEqual(await db.lpop('l:missing'), null);
    await db.rpush('l:many', '1', '2', '3');
    assert.deepEqual(await db.lpop('l:many', 2), ['1', '2']);
    await rejects(db.lpush('s:greeting', 'x'), /^WRONGTYPE Operation against a key holding the wrong kind of value/);
  });

  await section('sets', async () => {
    assert.equal(await db.sadd('set:a', 'x', 'y', 'z', 'x'), 3);
    assert.equal(await db.sadd('set:b', 'y', 'z', 'w'), 3);
    assert.deepEqual(sorted(await db.smembers('set:a')), ['x', 'y', 'z']);
    assert.equal(await db.sismember('set:a', 'x'), 1);
    assert.deepEqual(await db.smismember('set:a', 'x', 'w'), [1, 0]);
    assert.equal(await db.scard('set:a'), 3);
    assert.deepEqual(sorted(await db.sinter('set:a', 'set:b')), ['y', 'z']);
    assert.deepEqual(sorted(await db.sunion('set:a', 'set:b')), ['w', 'x', 'y', 'z']);
    assert.deepEqual(sorted(await db.sdiff('set:a', 'set:b')), ['x']);
    assert.equal(await db.sinterstore('set:both', 'set:a', 'set:b'), 2);
    assert.equal(await db.srem('set:a', 'x', 'nope'), 1);
    assert.equal(await db.smove('set:a', 'set:b', 'y'), 1);
    const popped = await db.spop('set:b');
    assert.ok(['w', 'y', 'z'].includes(popped), `spop ${popped}`);
    assert.equal(await db.scard('set:b'), 2);
    const random = await db.srandmember('set:both', 5);
    assert.deepEqual(sorted(random), ['y', 'z']);
  });

  await section('hashes', async () => {
    assert.equal(await db.hset('h:user', { name: 'alice', city: 'Lyon', visits: '1' }), 3);
    assert.equal(await db.hget('h:user', 'name'), 'alice');
    assert.deepEqual(await db.hgetall('h:user'), { name: 'alice', city: 'Lyon', visits: '1' });
    assert.deepEqual(await db.hgetall('h:missing'), {});
    assert.deepEqual(await db.hmget('h:user', 'name', 'nope'), ['alice', null]);
    assert.equal(await db.hincrby('h:user', 'visits', 5), 6);
    assert.equal(await db.hincrbyfloat('h:user', 'score', '1.5'), '1.5');
    assert.equal(await db.hexists('h:user', 'city'), 1);
    assert.equal(await db.hsetnx('h:user', 'city', 'Paris'), 0);
    assert.equal(await db.hlen('h:user'), 4);
    assert.deepEqual(sorted(await db.hkeys('h:user')), ['city', 'name', 'score', 'visits']);
    assert.deepEqual(sorted(await db.hvals('h:user')), ['1.5', '6', 'Lyon', 'alice']);
    assert.equal(await db.hstrlen('h:user', 'city'), 4);
    assert.equal(await db.hdel('h:user', 'city', 'nope'), 1);
    await rejects(db.hincrby('h:user', 'name', 1), /^ERR hash value is not an integer/);
  });

  await section('sorted sets', async () => {
    assert.equal(await db.zadd('z:board', 310, 'alice', 275, 'bob', 100, 'carol'), 3);
    assert.equal(await db.zscore('z:board', 'bob'), '275');
    assert.equal(await db.zincrby('z:board', 50, 'bob'), '325');
    assert.deepEqual(await db.zrange('z:board', 0, -1), ['carol', 'alice', 'bob']);
    assert.deepEqual(await db.zrange('z:board', 0, 1, 'REV', 'WITHSCORES'), ['bob', '325', 'alice', '310']);
    assert.deepEqual(await db.zrevrange('z:board', 0, 0), ['bob']);
    assert.deepEqual(await db.zrangebyscore('z:board', '(100', '+inf'), ['alice', 'bob']);
    assert.equal(await db.zrank('z:board', 'alice'), 1);
    assert.equal(await db.zrevrank('z:board', 'alice'), 1);
    assert.equal(await db.zcount('z:board', 200, 400), 2);
    assert.equal(await db.zcard('z:board'), 3);
    assert.deepEqual(await db.zmscore('z:board', 'alice', 'nope'), ['310', null]);
    assert.equal(await db.zadd('z:board', 'XX', 'CH', 1, 'carol', 5, 'dave'), 1);
    assert.deepEqual(await db.zpopmin('z:board'), ['carol', '1']);
    assert.equal(await db.zrem('z:board', 'alice', 'nope'), 1);
    assert.equal(await db.zadd('z:lex', 0, 'a', 0, 'b', 0, 'c'), 3);
    assert.deepEqual(await db.zrangebylex('z:lex', '[b', '+'), ['b', 'c']);
    await rejects(db.zadd('z:board', 'NX', 'XX', 1, 'x'), /^ERR XX and NX options at the same time are not compatible/);
  });

  await section('pipelining', async () => {
    const pipeline = db.pipeline();
    for (let i = 0; i < 200; i++) {
      pipeline.incr('p:counter');
    }
    pipeline.get('p:counter');
    pipeline.incr('s:greeting'); // an error inside a pipeline is returned in place
    const replies = await pipeline.exec();
    assert.equal(replies.length, 202);
    replies.slice(0, 200).forEach(([err, value], i) => {
      assert.equal(err, null);
      assert.equal(value, i + 1);
    });
    assert.deepEqual(replies[200], [null, '200']);
    assert.match(replies[201][0].message, /not an integer/);
    // Many commands in flight at once from one connection.
    const values = await Promise.all(Array.from({ length: 500 }, (_, i) => db.set(`p:key:${i}`, String(i)).then(() => db.get(`p:key:${i}`))));
    values.forEach((value, i) => assert.equal(value, String(i)));
  });

  await section('transactions: MULTI/EXEC, WATCH', async () => {
    const replies = await db.multi().set('t:a', '1').incr('t:a').get('t:a').exec();
    assert.deepEqual(replies, [[null, 'OK'], [null, 2], [null, '2']]);
    const withError = await db.multi().set('t:b', 'x').incr('t:b').exec();
    assert.equal(withError[0][1], 'OK');
    assert.match(withError[1][0].message, /not an integer/);
    await rejects(db.multi().set('t:c', '1').call('NOSUCHCOMMAND').exec(), /EXECABORT/);
    assert.equal(await db.get('t:c'), null);
    // WATCH: another client's write aborts the transaction (EXEC returns null).
    const watcher = client();
    await watcher.watch('t:watched');
    await other.set('t:watched', 'changed');
    assert.equal(await watcher.multi().set('t:watched', 'mine').exec(), null);
    assert.equal(await db.get('t:watched'), 'changed');
    await watcher.watch('t:watched');
    assert.deepEqual(await watcher.multi().set('t:watched', 'mine').exec(), [[null, 'OK']]);
    assert.equal(await db.get('t:watched'), 'mine');
  });

  await section('pub/sub', async () => {
    const subscriber = client();
    const received = [];
    let notify;
    const arrived = (count) => new Promise((resolve) => {
      notify = () => { if (received.length >= count) resolve(); };
      notify();
    });
    subscriber.on('message', (channel, message) => { received.push(['message', channel, message]); notify && notify(); });
    subscriber.on('pmessage', (pattern, channel, message) => { received.push(['pmessage', pattern, channel, message]); notify && notify(); });
    assert.equal(await subscriber.subscribe('news', 'sport'), 2);
    assert.equal(await subscriber.psubscribe('weather:*'), 3);
    assert.equal(await other.publish('news', 'hello'), 1);
    assert.equal(await other.publish('weather:lyon', 'sunny'), 1);
    assert.equal(await other.publish('nobody', 'x'), 0);
    await Promise.race([arrived(2), sleep(3000)]);
    assert.deepEqual(received, [['message', 'news', 'hello'], ['pmessage', 'weather:*', 'weather:lyon', 'sunny']]);
    assert.deepEqual(sorted(await other.pubsub('CHANNELS')), ['news', 'sport']);
    assert.deepEqual(await other.pubsub('NUMSUB', 'news', 'none'), ['news', 1, 'none', 0]);
    assert.equal(await subscriber.unsubscribe('news'), 2);
    assert.equal(await other.publish('news', 'gone'), 0);
    assert.equal(await subscriber.punsubscribe('weather:*'), 1);
    assert.equal(await subscriber.unsubscribe('sport'), 0);
    assert.equal(await subscriber.ping(), 'PONG'); // out of subscriber mode again
  });

  await section('blocking pops', async () => {
    const blocker = client();
    // Nothing to pop: the timeout expires with a nil reply.
    const started = Date.now();
    assert.equal(await blocker.blpop('b:empty', 0.2), null);
    assert.ok(Date.now() - started >= 150, 'BLPOP returned before its timeout');
    // Another client pushes while BLPOP waits.
    const waiting = blocker.blpop('b:jobs', 'b:other', 3);
    await sleep(100);
    assert.equal(await other.rpush('b:jobs', 'job1'), 1);
    assert.deepEqual(await waiting, ['b:jobs', 'job1']);
    assert.equal(await db.llen('b:jobs'), 0);
    // Served at once when data is there.
    await db.rpush('b:ready', 'r1', 'r2');
    assert.deepEqual(await blocker.brpop('b:ready', 1), ['b:ready', 'r2']);
    const moving = blocker.blmove('b:src', 'b:dst', 'LEFT', 'RIGHT', 3);
    await sleep(100);
    await other.rpush('b:src', 'm');
    assert.equal(await moving, 'm');
    assert.deepEqual(await db.lrange('b:dst', 0, -1), ['m']);
    const zwaiting = blocker.bzpopmin('b:zset', 3);
    await sleep(100);
    await other.zadd('b:zset', 5, 'five', 1, 'one');
    assert.deepEqual(await zwaiting, ['b:zset', 'one', '1']);
    // Inside MULTI a blocking pop never waits.
    assert.deepEqual(await db.multi().blpop('b:empty', 10).exec(), [[null, null]]);
  });

  await section('server: DBSIZE, INFO, FLUSHDB', async () => {
    const scratch = client({ db: 5 });
    await scratch.set('x', '1');
    await scratch.set('y', '2');
    assert.equal(await scratch.dbsize(), 2);
    assert.match(await scratch.info('server'), /redis_version:/);
    assert.equal(await scratch.flushdb(), 'OK');
    assert.equal(await scratch.dbsize(), 0);
  });
}

const watchdog = setTimeout(() => {
  console.log('FAIL the smoke test did not finish within 60 s');
  process.exit(1);
}, 60_000);

main()
  .catch((err) => {
    results.failed++;
    console.log(`FAIL unexpected error: ${err && err.stack}`);
  })
  .finally(() => {
    clearTimeout(watchdog);
    clients.forEach((c) => c.disconnect());
    console.log(`smoke: ${results.passed} sections passed, ${results.failed} failed` +
      (results.failures.length ? ` (${results.failures.join('; ')})` : ''));
    process.exitCode = results.failed === 0 ? 0 : 1;
  });

// RedisJSON commands of a Mnemo server through a real Node.js client (ioredis, redis.call).
// Usage: node json.js PORT   (exits 0 when every check passes, 1 otherwise)
'use strict';

const assert = require('node:assert/strict');
const Redis = require('ioredis');

const port = Number(process.argv[2]);
if (!Number.isInteger(port) || port <= 0) {
  console.error('usage: node json.js PORT');
  process.exit(2);
}

const redis = new Redis({
  host: '127.0.0.1',
  port,
  enableReadyCheck: false,
  maxRetriesPerRequest: 0,
  retryStrategy: () => null,
  commandTimeout: 5000,
});
redis.on('error', () => {});

async function main() {
  const doc = { name: 'Ada', tags: ['a', 'b'], stats: { visits: 1, score: 2.5 }, active: true };
  assert.equal(await redis.call('JSON.SET', 'js:1', '$', JSON.stringify(doc)), 'OK');
  assert.deepEqual(JSON.parse(await redis.call('JSON.GET', 'js:1')), doc);
  assert.deepEqual(JSON.parse(await redis.call('JSON.GET', 'js:1', '$.tags[*]')), ['a', 'b']);
  assert.equal(await redis.call('JSON.GET', 'js:1', '.stats.score'), '2.5');
  assert.deepEqual(JSON.parse(await redis.call('JSON.GET', 'js:1', '$.name', '.stats.visits')), { '$.name': ['Ada'], '.stats.visits': [1] });
  assert.equal(await redis.call('JSON.NUMINCRBY', 'js:1', '$.stats.visits', '41'), '[42]');
  assert.equal(await redis.call('JSON.NUMINCRBY', 'js:1', '.stats.score', '0.5'), '3.0');
  assert.deepEqual(await redis.call('JSON.ARRAPPEND', 'js:1', '$.tags', '"c"'), [3]);
  assert.equal(await redis.call('JSON.ARRINSERT', 'js:1', '.tags', '0', '"z"'), 4);
  assert.equal(await redis.call('JSON.ARRINDEX', 'js:1', '.tags', '"c"'), 3);
  assert.equal(await redis.call('JSON.ARRPOP', 'js:1', '.tags'), '"c"');
  assert.deepEqual(await redis.call('JSON.ARRLEN', 'js:1', '$..tags'), [3]);
  assert.deepEqual(await redis.call('JSON.STRAPPEND', 'js:1', '$.name', '"!"'), [4]);
  assert.equal(await redis.call('JSON.STRLEN', 'js:1', '.name'), 4);
  assert.deepEqual(await redis.call('JSON.TOGGLE', 'js:1', '$.active'), [0]);
  assert.deepEqual(await redis.call('JSON.TYPE', 'js:1', '$.*'), ['string', 'array', 'object', 'boolean']);
  assert.deepEqual(await redis.call('JSON.OBJKEYS', 'js:1', '.stats'), ['visits', 'score']);
  assert.equal(await redis.call('JSON.OBJLEN', 'js:1'), 4);
  assert.equal(await redis.call('JSON.SET', 'js:1', '$.name', '"x"', 'NX'), null);
  assert.equal(await redis.call('JSON.SET', 'js:2', '$', '{"name":"Bob"}'), 'OK');
  assert.deepEqual(await redis.call('JSON.MGET', 'js:1', 'js:2', 'js:none', '$.name'), ['["Ada!"]', '["Bob"]', null]);
  assert.equal(await redis.call('JSON.CLEAR', 'js:1', '$.stats'), 1);
  assert.equal(await redis.call('JSON.DEL', 'js:1', '$.tags[0]'), 1);
  assert.deepEqual(JSON.parse(await redis.call('JSON.GET', 'js:1')), { name: 'Ada!', tags: ['a', 'b'], stats: {}, active: false });
  assert.equal(await redis.type('js:1'), 'ReJSON-RL');
  await assert.rejects(redis.call('JSON.SET', 'js:3', '$.a', '1'), /new objects must be created at the root/);
  await assert.rejects(redis.call('JSON.SET', 'js:1', '$', '{bad'), /ERR expected value/);
  await assert.rejects(redis.call('JSON.GET', 'js:1', '$.['), /invalid JSON path/);
  await redis.set('plain', 'v');
  await assert.rejects(redis.call('JSON.GET', 'plain'), /WRONGTYPE/);

  // Pipelined and transactional JSON edits.
  const results = await redis.multi()
    .call('JSON.SET', 'js:tx', '$', '{"n":0}')
    .call('JSON.NUMINCRBY', 'js:tx', '$.n', '1')
    .call('JSON.GET', 'js:tx')
    .exec();
  assert.deepEqual(results, [[null, 'OK'], [null, '[1]'], [null, '{"n":1}']]);
  assert.equal(await redis.call('JSON.DEL', 'js:1'), 1);
  assert.equal(await redis.exists('js:1'), 0);
}

main()
  .then(() => {
    console.log('ok   json');
    process.exitCode = 0;
  })
  .catch((err) => {
    console.log(`FAIL json\n     ${String(err && err.stack ? err.stack : err).split('\n').slice(0, 8).join('\n     ')}`);
    process.exitCode = 1;
  })
  .finally(() => redis.disconnect());

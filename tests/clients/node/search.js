// RediSearch-style commands (FT.*) of a Mnemo server through a real Node.js client (ioredis, redis.call).
// Usage: node search.js PORT   (exits 0 when every check passes, 1 otherwise)
'use strict';

const assert = require('node:assert/strict');
const Redis = require('ioredis');

const port = Number(process.argv[2]);
if (!Number.isInteger(port) || port <= 0) {
  console.error('usage: node search.js PORT');
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
  await redis.hset('movie:1', { title: 'The Matrix', year: '1999', genre: 'scifi,action' });
  await redis.hset('movie:2', { title: 'The Matrix Reloaded', year: '2003', genre: 'scifi' });
  await redis.hset('movie:3', { title: 'Amelie', year: '2001', genre: 'romance' });
  assert.equal(await redis.call('FT.CREATE', 'movies', 'ON', 'HASH', 'PREFIX', '1', 'movie:', 'SCHEMA',
    'title', 'TEXT', 'SORTABLE', 'year', 'NUMERIC', 'SORTABLE', 'genre', 'TAG'), 'OK');
  await assert.rejects(redis.call('FT.CREATE', 'movies', 'SCHEMA', 'title', 'TEXT'), /Index already exists/);

  assert.deepEqual(await redis.call('FT.SEARCH', 'movies', 'matrix', 'NOCONTENT'), [2, 'movie:1', 'movie:2']);
  assert.deepEqual(await redis.call('FT.SEARCH', 'movies', '@genre:{scifi} @year:[(1999 +inf]'),
    [1, 'movie:2', ['title', 'The Matrix Reloaded', 'year', '2003', 'genre', 'scifi']]);
  assert.deepEqual(await redis.call('FT.SEARCH', 'movies', '*', 'RETURN', '1', 'title', 'SORTBY', 'year', 'DESC', 'LIMIT', '0', '2'),
    [3, 'movie:2', ['title', 'The Matrix Reloaded'], 'movie:3', ['title', 'Amelie']]);
  assert.deepEqual(await redis.call('FT.SEARCH', 'movies', 'ame* | -@genre:{scifi}', 'NOCONTENT'), [1, 'movie:3']);

  // Writes reach the index at once.
  await redis.hset('movie:3', 'genre', 'scifi');
  await redis.del('movie:1');
  assert.deepEqual(await redis.call('FT.SEARCH', 'movies', '@genre:{scifi}', 'NOCONTENT'), [2, 'movie:2', 'movie:3']);

  // JSON documents.
  await redis.call('JSON.SET', 'p:1', '$', JSON.stringify({ name: 'Ada', age: 36, skills: ['math', 'code'] }));
  await redis.call('JSON.SET', 'p:2', '$', JSON.stringify({ name: 'Alan', age: 41, skills: ['code'] }));
  assert.equal(await redis.call('FT.CREATE', 'people', 'ON', 'JSON', 'PREFIX', '1', 'p:', 'SCHEMA',
    '$.name', 'AS', 'name', 'TEXT', '$.age', 'AS', 'age', 'NUMERIC', '$.skills[*]', 'AS', 'skills', 'TAG'), 'OK');
  const found = await redis.call('FT.SEARCH', 'people', '@skills:{math}');
  assert.equal(found[0], 1);
  assert.equal(found[1], 'p:1');
  assert.equal(found[2][0], '$');
  assert.deepEqual(JSON.parse(found[2][1]), { name: 'Ada', age: 36, skills: ['math', 'code'] });
  await redis.call('JSON.SET', 'p:2', '$.age', '30');
  assert.deepEqual(await redis.call('FT.SEARCH', 'people', '@age:[0 35]', 'RETURN', '1', 'name'), [1, 'p:2', ['name', 'Alan']]);

  const info = await redis.call('FT.INFO', 'people');
  assert.equal(info[1], 'people');
  assert.equal(info[info.indexOf('num_docs') + 1], '2');
  assert.deepEqual((await redis.call('FT._LIST')).sort(), ['movies', 'people']);
  await assert.rejects(redis.call('FT.SEARCH', 'people', '@age:[1'), /Syntax error/);
  await assert.rejects(redis.call('FT.INFO', 'nope'), /Unknown Index name/);
  assert.equal(await redis.call('FT.DROPINDEX', 'people', 'DD'), 'OK');
  assert.equal(await redis.exists('p:1', 'p:2'), 0);
  assert.equal(await redis.call('FT.DROPINDEX', 'movies'), 'OK');
  assert.equal(await redis.exists('movie:2'), 1);
}

main()
  .then(() => {
    console.log('ok   search');
    process.exitCode = 0;
  })
  .catch((err) => {
    console.log(`FAIL search\n     ${String(err && err.stack ? err.stack : err).split('\n').slice(0, 8).join('\n     ')}`);
    process.exitCode = 1;
  })
  .finally(() => redis.disconnect());

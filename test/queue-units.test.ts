/** The queue's pure parts: URL parsing and redaction, payload validation, the ensemble rule. */
import test from 'ava';
import { ConfigError } from '../src/core/errors';
import { ensembleErrorPercent, ensemblePredictions } from '../src/eval/ensemble';
import { JobPayloadError, PAYLOAD_VERSION, parseSeedJobPayload, parseSeedJobResult } from '../src/queue/job-payload';
import { parseQueueUrl, redactCommandLine, redactUrl } from '../src/queue/queue-url';
import { loadPlugins } from '../src/cli/setup';

test('a Redis URL gives host, port, database, credentials and TLS; its shown form hides the credentials', (t) => {
  const plain = parseQueueUrl('redis://queue.example:6390');
  t.deepEqual(plain.connection, { host: 'queue.example', port: 6390, db: 0 });
  t.is(plain.redacted, 'redis://queue.example:6390');
  const secret = parseQueueUrl('rediss://ssgan:s3cr%40t@queue.example/2');
  t.deepEqual(secret.connection, { host: 'queue.example', port: 6379, db: 2, username: 'ssgan', password: 's3cr@t', tls: { servername: 'queue.example' } });
  t.is(secret.redacted, 'rediss://***@queue.example/2');
  t.is(redactUrl('redis://:pw@h:1'), 'redis://***@h:1');
  t.deepEqual(redactCommandLine(['run', '--queue', 'redis://:pw@h:1', '--queue=rediss://u:pw@h:2/1']), ['run', '--queue', 'redis://***@h:1', '--queue=rediss://***@h:2/1']);
});

test('a wrong queue URL is a ConfigError that names the fault and never the password', (t) => {
  const scheme = t.throws(() => parseQueueUrl('http://u:hunter2@h:1'), { instanceOf: ConfigError });
  t.regex(scheme.message, /scheme 'http' is not redis or rediss/);
  t.notRegex(scheme.message, /hunter2/);
  const junk = t.throws(() => parseQueueUrl('not a url'), { instanceOf: ConfigError });
  t.regex(junk.message, /is not a URL/);
  const db = t.throws(() => parseQueueUrl('redis://:hunter2@h:1/x'), { instanceOf: ConfigError });
  t.regex(db.message, /database 'x' is not a number/);
  t.notRegex(db.message, /hunter2/);
});

test('a seed job payload is validated config JSON: wrong shapes are refused with the field named', (t) => {
  const { registry } = loadPlugins();
  const config = registry.preset('mnist-fm').config;
  const good = { version: PAYLOAD_VERSION, runKey: 'abl/full', index: 0, config };
  t.is(parseSeedJobPayload('j', good).runKey, 'abl/full');
  const refused = (data: unknown, fault: RegExp) => t.regex(t.throws(() => parseSeedJobPayload('j', data), { instanceOf: JobPayloadError }).message, fault);
  refused('rm -rf /', /not a JSON object/);
  refused({ ...good, version: 2 }, /version 2/);
  refused({ ...good, runKey: '../../etc' }, /runKey/);
  refused({ ...good, index: config.seeds }, /index must be an integer/);
  refused({ ...good, config: { ...config, epochs: '300' } }, /config\.epochs/);
  refused({ ...good, config: { ...config, hooks: [{ name: 'x' }] } }, /config\.hooks/);
  refused({ ...good, artifactsDir: 'relative/dir' }, /artifactsDir must be an absolute path/);
  refused({ ...good, code: '() => 1' }, /unknown field\(s\) code/);
  const result = t.throws(() => parseSeedJobResult('j', { outcome: { seed: 1 }, data: {}, files: {} }), { instanceOf: JobPayloadError });
  t.regex(result.message, /outcome\.dataSeed is not a number/);
  const outcome = { seed: 1, dataSeed: 1, epochs: 1, iterations: 1, testErrorAveraged: 1, testErrorRaw: 1, trainSeconds: 1, msPerIteration: 1 };
  const escape = t.throws(() => parseSeedJobResult('j', { outcome, data: {}, files: { '../../evil': '' } }), { instanceOf: JobPayloadError });
  t.regex(escape.message, /file '..\/..\/evil'/);
});

test('the ensemble predicts the argmax of the mean probability, which no single table need give', (t) => {
  // Three examples, three classes, two members.
  const a = Float32Array.from([0.6, 0.4, 0.0, /**/ 0.1, 0.2, 0.7, /**/ 0.5, 0.0, 0.5]);
  const b = Float32Array.from([0.0, 0.5, 0.5, /**/ 0.2, 0.6, 0.2, /**/ 0.2, 0.1, 0.7]);
  // Means: [.3 .45 .25], [.15 .4 .45], [.35 .05 .6]
  t.deepEqual([...ensemblePredictions([a, b], 3)], [1, 2, 2]);
  t.deepEqual([...ensemblePredictions([a], 3)], [0, 2, 0]);
  t.is(ensembleErrorPercent([a, b], Int32Array.from([1, 2, 0]), 3), 100 / 3);
  t.throws(() => ensemblePredictions([a, b.subarray(3)], 3), { message: /N x 3/ });
});

// Vigil's alerts and detections from Node: kafkajs reads committed records only (the detections
// are written in Kafka transactions), @kafkajs/confluent-schema-registry decodes each value by the
// schema id in its Confluent wire-format header.
//
// kafkajs decompresses gzip by itself, not zstd, lz4 or snappy: give the output topics gzip
// ('vigil topics apply --output-compression gzip', and the job '--vigil.kafka.output-compression gzip').
//
// Settings, from the environment (defaults: the local stack):
//   VIGIL_BOOTSTRAP_SERVERS  127.0.0.1:9092
//   VIGIL_REGISTRY_URL       http://127.0.0.1:8085/apis/ccompat/v7
//   VIGIL_TOPIC_PREFIX       (none)
//   VIGIL_MAX_RECORDS        stop after this many records (default: follow)
//   VIGIL_TIMEOUT_MS         stop after this long (default: follow)
// Prints one JSON line per record: {"topic", "partition", "offset", "key", "value"}.
'use strict';

const { Kafka, logLevel } = require('kafkajs');
const { SchemaRegistry } = require('@kafkajs/confluent-schema-registry');

const env = process.env;
const brokers = (env.VIGIL_BOOTSTRAP_SERVERS || '127.0.0.1:9092').split(',');
const registryUrl = env.VIGIL_REGISTRY_URL || 'http://127.0.0.1:8085/apis/ccompat/v7';
const prefix = env.VIGIL_TOPIC_PREFIX || '';
const maxRecords = Number(env.VIGIL_MAX_RECORDS || 0);
const timeoutMs = Number(env.VIGIL_TIMEOUT_MS || 0);
const topics = ['alerts', 'detections'].map((name) => prefix + name);

// Avro longs and bytes as JSON: numbers (timestamps fit), byte arrays as base64.
function json(value) {
  return JSON.stringify(value, (key, v) => {
    if (typeof v === 'bigint') return Number(v);
    if (v && v.type === 'Buffer' && Array.isArray(v.data)) return Buffer.from(v.data).toString('base64');
    return v;
  });
}

async function main() {
  const kafka = new Kafka({ clientId: 'vigil-node-consumer', brokers, logLevel: logLevel.WARN });
  const registry = new SchemaRegistry({ host: registryUrl });
  // A fresh group per run: every run reads the topics from their beginning.
  const consumer = kafka.consumer({
    groupId: `vigil-node-consumer-${process.pid}-${Date.now()}`,
    readUncommitted: false,
  });
  let seen = 0;
  let stopping = false;
  // Leaves the group (bounded: a broker that has gone must not keep the process) and exits.
  const stop = (code) => {
    if (stopping) return;
    stopping = true;
    const bounded = new Promise((resolve) => setTimeout(resolve, 5000).unref());
    Promise.race([consumer.disconnect(), bounded]).finally(() => process.exit(code));
  };
  if (timeoutMs > 0) setTimeout(() => stop(0), timeoutMs).unref();
  process.on('SIGINT', () => stop(0));
  process.on('SIGTERM', () => stop(0));

  await consumer.connect();
  await consumer.subscribe({ topics, fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ topic, partition, message }) => {
      if (stopping) return;
      let value;
      try {
        value = await registry.decode(message.value);
      } catch (e) {
        console.error(`skipped ${topic}-${partition}@${message.offset}, which does not decode: ${e.message}`);
        return;
      }
      console.log(json({
        topic,
        partition,
        offset: message.offset,
        key: message.key === null ? null : message.key.toString('utf8'),
        value,
      }));
      seen += 1;
      // Not from inside the handler: disconnect waits for the running handler to return.
      if (maxRecords > 0 && seen >= maxRecords) setImmediate(() => stop(0));
    },
  });
}

main().catch((e) => {
  console.error(`vigil-node-consumer: ${e.message}`);
  process.exit(1);
});

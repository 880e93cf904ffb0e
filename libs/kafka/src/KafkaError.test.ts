import { describe, expect, it } from 'vitest';
import { KafkaError } from './KafkaError.js';

/** kafkajs's shape of a failed createTopics: one error a topic, gathered. */
const aggregate = (type: string, message: string) =>
  Object.assign(new Error('Topic creation errors'), {
    errors: ['t.a', 't.b'].map((topic) => Object.assign(new Error(message), { type, topic })),
  });

describe('KafkaError', () => {
  it("names the errors an aggregate gathered, once each, and takes their protocol type", () => {
    const error = new KafkaError({ operation: 'create topics', cause: aggregate('INVALID_REPLICATION_FACTOR', 'Replication-factor is invalid') });
    expect(error.message).toBe('Kafka create topics failed: Topic creation errors: Replication-factor is invalid');
    expect(error.errorType).toBe('INVALID_REPLICATION_FACTOR');
  });

  it('keeps a plain error as it is', () => {
    const error = new KafkaError({ operation: 'admin connect', cause: Object.assign(new Error('Connection error: self-signed certificate'), { type: 'x' }) });
    expect([error.message, error.errorType]).toEqual(['Kafka admin connect failed: Connection error: self-signed certificate', 'x']);
  });
});

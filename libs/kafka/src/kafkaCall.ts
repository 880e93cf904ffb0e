import * as Effect from 'effect/Effect';
import { KafkaError } from './KafkaError.js';

/** The one crossing from kafkajs's Promises into Effect: a rejection becomes a `KafkaError`. */
export const kafkaCall = <A>(operation: string, call: () => Promise<A>): Effect.Effect<A, KafkaError> =>
  Effect.tryPromise({ try: call, catch: (cause) => new KafkaError({ operation, cause }) });

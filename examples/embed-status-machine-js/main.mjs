// Receipts as a plain-JS app holds them: parsed JSON from a queue, not checked by any compiler.
import { decide, parseObservation, statusMachine, statusObserved, StatusInputError } from '@msgstatus/status-machine';
import { createActor } from 'xstate';

const untrusted = [
  { state: 'sent', channel: 'SMS' },
  { state: 'DELIVERED', channel: 'SMS' },
  { state: 'delivered', detail: 'delivered_to_recipient', attempt: '2', channel: 'SMS' },
  { state: 'delivered', detail: 'delivered_to_recipient', channel: 'SMS' },
  { state: 'read' },
];

let status;
for (const data of untrusted) {
  const parsed = parseObservation(data);
  if (!parsed.ok) {
    console.log(`refused (${parsed.error.problem}): ${parsed.error.message}`);
    continue;
  }
  const decision = decide(status, parsed.value);
  if (decision.kind === 'accepted') status = decision.status;
  console.log(`${decision.kind}: ${status.state} (version ${status.version})`);
}

// Handing decide unchecked data is refused with the same typed error, never a TypeError.
try {
  decide(status, { state: 'read', detail: null, attempt: 0, channel: 'SMS' });
} catch (error) {
  console.log(`decide threw ${error.name} ${error instanceof StatusInputError ? error.problem : '?'}`);
}

const actor = createActor(statusMachine).start();
actor.send(statusObserved({ state: 'delivered', detail: null, attempt: null, channel: 'WhatsApp' }));
console.log(`actor: ${JSON.stringify(actor.getSnapshot().value)}`);

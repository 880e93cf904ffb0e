// An app that sends notifications keeps each one's delivery status. Providers report receipts out
// of order and more than once; the machine decides which of them change the status.
import { decide, statusMachine, statusObserved, type MessageStatus, type StatusObservation } from '@msgstatus/status-machine';
import { createActor } from 'xstate';

const receipts: StatusObservation[] = [
  { state: 'sent', detail: null, attempt: null, channel: 'WhatsApp' },
  { state: 'delivered', detail: 'delivered_to_recipient', attempt: null, channel: 'WhatsApp' },
  // Late and repeated receipts: neither may move the status back.
  { state: 'sent', detail: null, attempt: null, channel: 'WhatsApp' },
  { state: 'delivered', detail: 'delivered_to_recipient', attempt: null, channel: 'WhatsApp' },
  { state: 'read', detail: null, attempt: null, channel: 'WhatsApp' },
];

// The fast path: a plain fold, one small object of memory per message.
let status: MessageStatus | undefined;
for (const receipt of receipts) {
  const decision = decide(status, receipt);
  if (decision.kind === 'accepted') {
    status = decision.status;
    console.log(`accepted ${decision.change.previousState ?? '(new)'} -> ${decision.change.state} (version ${decision.change.version})`);
  } else {
    console.log(`${decision.kind}: ${decision.reason}`);
  }
}

// The same rules as an XState actor, for apps already built on XState.
const actor = createActor(statusMachine).start();
for (const receipt of receipts) actor.send(statusObserved(receipt));
const snapshot = actor.getSnapshot();
console.log(`actor: ${JSON.stringify(snapshot.value)} after ${snapshot.context.version} changes; fold: ${status?.state} after ${status?.version}, final: ${status?.final}`);

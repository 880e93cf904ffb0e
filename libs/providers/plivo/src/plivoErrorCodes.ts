/**
 * The meaning of Plivo's messaging error codes, as Plivo documents them ("Introducing SMS Error
 * Codes", its SMS error code table; 420 and 900 from its support articles on message expiry and
 * insufficient balance). A code not listed is kept without a meaning.
 */
export const plivoErrorCodes: Readonly<Record<string, string>> = {
  '10': 'Invalid message',
  '20': 'Network error',
  '30': 'Spam detected',
  '40': 'Invalid source number',
  '50': 'Invalid destination number',
  '60': 'Loop detected',
  '70': 'Destination permanently unavailable',
  '80': 'Destination temporarily unavailable',
  '90': 'No route available',
  '100': 'Prohibited by carrier',
  '110': 'Message too long',
  '200': 'Source number blocked by STOP from destination number',
  '201': 'Outbound messages from US toll-free numbers to Canadian destination numbers are blocked',
  '420': 'Message expired in the queue',
  '900': 'Insufficient credit',
  '1000': 'Unknown error',
};

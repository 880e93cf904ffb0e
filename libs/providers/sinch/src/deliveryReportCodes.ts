/**
 * What Sinch's own delivery report codes mean (the 4xx range its REST API adds to SMPP's error
 * codes, "Delivery report error codes"), for the error message of an observation. 400 and 401 say
 * queued and dispatched, and 0 comes with a delivery: no error then (`noErrorCodes`). Other codes
 * are the operator's SMPP codes, kept without a message.
 */
export const deliveryReportCodes: Readonly<Record<string, string>> = {
  402: 'Message unroutable: the SMSC rejected the message; retrying is likely to fail the same way',
  403: 'Internal error: an unexpected error caused the message to fail',
  404: 'Temporary delivery failure: the message may be retried',
  405: 'Unmatched parameter: a parameter of the message body has no value for this recipient',
  406: 'Internal expiry: the message expired before it reached the SMSC',
  407: 'Cancelled: the message was cancelled before it reached the SMSC',
  408: 'Internal reject: the SMSC rejected the message; retrying is likely to fail the same way',
  409: 'Price threshold exceeded: the price of the message exceeds the threshold set',
  410: 'Unmatched default originator: no default originator is configured for this recipient',
  411: 'Exceeded parts limit: the message has more parts than the maximum set',
  412: 'Unprovisioned region: the account is not provisioned for this region',
  413: 'Blocked: the account is blocked (possibly out of credits)',
  414: 'Bad media: the media URL was unreachable or answered badly (MMS)',
  415: 'Rejected: the MMS gateway or the mobile network rejected the message (MMS)',
  416: 'Not supported: the MMSC does not support the message (MMS)',
  417: 'Unreachable: the destination network or subscriber cannot be reached (MMS)',
  418: 'Unrecognized: the handset does not recognize the content (MMS)',
};

/** Codes that say how far a message got rather than what went wrong. */
export const noErrorCodes: ReadonlySet<string> = new Set(['0', '400', '401']);

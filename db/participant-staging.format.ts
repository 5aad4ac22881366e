// The text of one staged participant line as COPY reads it (participant_import_rows), in two parts: what a
// staging thread computes from the row alone (`stagedRowText`), and the line around it (`stagedLine`), which
// the importer completes in file order with the line's participant id and its fingerprint (the occurrence of
// a record in the file is known only there). No dependency beyond Node: the staging threads load this.

export const COPY_STAGING = `COPY participant_import_rows (job_id, line_no, participant_id, kind, name, identity_hmac,
  sealed, key_id, identity_masked, bank_name, bank_account_masked, principal_fen, returns_fen, refunded_fen,
  fingerprint) FROM STDIN`;

// COPY's text format: backslash, tab and line breaks escaped; \N for null; bytea as \\x hex.
const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };
const text = (s: string | null): string => (s === null ? '\\N' : s.replace(/[\\\t\n\r]/g, (c) => ESCAPES[c]));
const bytes = (b: Uint8Array): string =>
  `\\\\x${Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('hex')}`;

/** One validated, sealed row, as far as the row alone decides it. */
export interface StagedRowFields {
  kind: 'person' | 'organization';
  name: string;
  identityHmac: Uint8Array;
  /** SealedPersonal as JSON, sealed (db/sealing.ts). */
  sealed: Uint8Array;
  keyId: string;
  identityMasked: string;
  bankName: string | null;
  bankAccountMasked: string | null;
  principalFen: number;
  returnsFen: number;
  refundedFen: number;
}

/** The columns from kind to refunded_fen, each followed by a tab. */
export const stagedRowText = (r: StagedRowFields): string =>
  `${r.kind}\t${text(r.name)}\t${bytes(r.identityHmac)}\t${bytes(r.sealed)}\t${text(r.keyId)}\t${text(r.identityMasked)}\t${text(r.bankName)}\t${text(r.bankAccountMasked)}\t${r.principalFen}\t${r.returnsFen}\t${r.refundedFen}\t`;

/** The whole line: the job, the line number, the participant id, the row's text, the fingerprint. */
export const stagedLine = (
  jobId: string,
  lineNo: number,
  participantId: string,
  rowText: string,
  fingerprint: Uint8Array,
): string => `${jobId}\t${lineNo}\t${participantId}\t${rowText}${bytes(fingerprint)}\n`;

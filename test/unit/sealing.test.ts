import { loadConfig } from '../../config';
import { createSealer, openPersonalData, personalHashView, sealPersonalData } from '../../db/sealing';
import { scrubForLog } from '../../domain/personal-data';
import { SealingPayloadCodec } from '../../payload-codec';
import { maskBankAccount, maskIdentityCode } from '../../domain/identity';

const key = (b: number) => Buffer.alloc(32, b).toString('base64');

describe('sealing', () => {
  const config = loadConfig({ SEALING_KEYS: `k1:${key(1)},k2:${key(2)}`, SEALING_CURRENT_KEY_ID: 'k2' });

  it('When a value is sealed, then it opens to itself and the box does not contain it', () => {
    const sealer = createSealer(config.sealing);
    const sealed = sealer.seal('53282219800101001X');
    expect(sealed.keyId).toBe('k2');
    expect(sealed.box.includes(Buffer.from('19800101'))).toBe(false);
    expect(sealer.open(sealed)).toBe('53282219800101001X');
  });

  it('When the same value is sealed twice, then the boxes differ but the match hash is the same', () => {
    const sealer = createSealer(config.sealing);
    expect(sealer.seal('x').box.equals(sealer.seal('x').box)).toBe(false);
    expect(sealer.match('identity', 'x').equals(sealer.match('identity', 'x'))).toBe(true);
    expect(sealer.match('identity', 'x').equals(sealer.match('bank', 'x'))).toBe(false);
  });

  it('When the current key rotates, then what the old key sealed still opens', () => {
    const old = createSealer(loadConfig({ SEALING_KEYS: `k1:${key(1)}` }).sealing);
    const sealed = old.seal('6228480012345678');
    expect(createSealer(config.sealing).open(sealed)).toBe('6228480012345678');
  });

  it('When a sealed byte is changed, then opening fails rather than yielding another value', () => {
    const sealer = createSealer(config.sealing);
    const sealed = sealer.seal('53282219800101001X');
    sealed.box[sealed.box.length - 1] ^= 1;
    expect(() => sealer.open(sealed)).toThrow();
  });

  it('When production names no keys, then the configuration is refused naming both variables', () => {
    expect(() => loadConfig({ APP_MODE: 'production' })).toThrow(/SEALING_KEYS[\s\S]*SEALING_HMAC_KEY/);
    expect(() => loadConfig({ SEALING_KEYS: 'k1:c2hvcnQ=' })).toThrow(/32 bytes/);
  });
});

describe('register masking', () => {
  it.each([
    ['53282819800101001X', '5328**********001X'],
    ['91532822MA6K000146', '9153**********0146'],
    ['1234', '****'],
  ])('When %s is listed, then it shows as %s', (raw, masked) => {
    expect(maskIdentityCode(raw)).toBe(masked);
  });

  it('When a bank account is listed, then only its last 4 digits show', () => {
    expect(maskBankAccount('6228 4801 0000 1234')).toBe('尾号1234');
  });
});

describe('personal fields by name', () => {
  const sealer = createSealer(
    loadConfig({ SEALING_KEYS: `k1:${key(1)},k2:${key(2)}`, SEALING_CURRENT_KEY_ID: 'k2' }).sealing,
  );
  const payload = {
    subjects: [{ name: '张某', idNumber: '532822198001010010' }],
    suspects: [{ name: '李某', idNumber: '53282219900101002X' }],
    tipster: { phone: '13800001234' },
    accountNo: '6228 4801 0000 1234',
    amountFen: 100,
  };

  it('When a payload is sealed, then every listed field at any depth is a box, and it opens to the same payload', () => {
    const sealed = sealPersonalData(payload, sealer);
    const text = JSON.stringify(sealed);
    for (const clear of ['532822198001010010', '53282219900101002X', '13800001234', '6228 4801'])
      expect(text).not.toContain(clear);
    expect(sealed.amountFen).toBe(100);
    expect(openPersonalData(sealed, sealer)).toEqual(payload);
    // Idempotent: a sealed value is kept.
    expect(sealPersonalData(sealed, sealer)).toEqual(sealed);
  });

  it('When the same number is sealed twice or typed with spaces, then its match hash is the same, and the hash view is the same sealed or clear', () => {
    const a = sealPersonalData({ accountNo: '6228480100001234' }, sealer);
    const b = sealPersonalData({ accountNo: '6228 4801 0000 1234' }, sealer);
    expect(a.accountNo).not.toEqual(b.accountNo);
    expect((a.accountNo as unknown as { $hmac: string }).$hmac).toBe(
      (b.accountNo as unknown as { $hmac: string }).$hmac,
    );
    expect(personalHashView(sealPersonalData(payload, sealer), sealer)).toEqual(
      personalHashView(payload, sealer),
    );
  });

  it('When the key rotates, then fields sealed under the old key still open and new ones use the new key', () => {
    const old = createSealer(loadConfig({ SEALING_KEYS: `k1:${key(1)}` }).sealing);
    const before = sealPersonalData(payload, old);
    expect(JSON.stringify(before)).toContain('"k1.');
    expect(openPersonalData(before, sealer)).toEqual(payload);
    expect(JSON.stringify(sealPersonalData(payload, sealer))).toContain('"k2.');
    // A key rotated out too early is an error, never a wrong value.
    expect(() =>
      openPersonalData(before, createSealer(loadConfig({ SEALING_KEYS: `k2:${key(2)}` }).sealing)),
    ).toThrow(/rotated out/);
  });

  it('When a box is moved into another field, then it does not open', () => {
    const sealed = sealPersonalData({ idNumber: '532822198001010010', phone: '13800001234' }, sealer);
    const swapped = { idNumber: sealed.phone, phone: sealed.idNumber };
    expect(() => openPersonalData(swapped, sealer)).toThrow();
  });

  it('When a log line carries personal data by name or in a message, then it is masked', () => {
    expect(
      scrubForLog({
        err: { message: 'Failing row contains (532822198001010010, 13800001234).' },
        body: { idNumber: '532822198001010010' },
        caseId: '123e4567-e89b-12d3-a456-426614174000',
      }),
    ).toEqual({
      err: { message: 'Failing row contains (532***********0010, 138****1234).' },
      body: { idNumber: '532822********0010' },
      caseId: '123e4567-e89b-12d3-a456-426614174000',
    });
  });
});

describe('the Temporal payload codec', () => {
  const codec = new SealingPayloadCodec(createSealer(loadConfig({}).sealing));
  it('When a payload is encoded, then its bytes are sealed and decode to the original; one not sealed passes through', async () => {
    const plain = {
      metadata: { encoding: new TextEncoder().encode('json/plain') },
      data: new TextEncoder().encode('{"idNumber":"532822198001010010"}'),
    };
    const [sealed] = await codec.encode([plain]);
    expect(Buffer.from(sealed.data!).includes(Buffer.from('5328221980'))).toBe(false);
    expect(new TextDecoder().decode(sealed.metadata!.encoding)).toBe('binary/encrypted');
    const [back] = await codec.decode([sealed]);
    expect(Buffer.from(back.data!).toString()).toBe('{"idNumber":"532822198001010010"}');
    expect(await codec.decode([plain])).toEqual([plain]);
  });
});

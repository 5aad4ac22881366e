import { loadConfig } from '../../config';
import { createSealer } from '../../db/sealing';
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

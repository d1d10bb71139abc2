import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

// Workspace tokens are encrypted before they reach the database (AES-256-GCM, HERALD_ENCRYPTION_KEY), so a
// copied database or backup holds no usable token. GCM also authenticates: a row sealed under another key,
// or altered, fails to open instead of yielding garbage.
//
// Sealed form: `v1.<key id>.<iv>.<auth tag>.<ciphertext>`, base64url parts. The key id (the first bytes of the
// key's SHA-256) tells "encrypted with another key" apart from "damaged", so the log can say which.

const VERSION = 'v1';
const IV_BYTES = 12;
// GCM checks only as many tag bytes as it is given: a shortened tag would be easier to forge, so only whole ones open.
const TAG_BYTES = 16;

export type UnsealFailure = 'other-key' | 'damaged';

/** A sealed value that could not be opened, and why, in words that carry nothing of the value or the key. */
export class UnsealError extends Error {
  constructor(readonly reason: UnsealFailure) {
    super(
      reason === 'other-key'
        ? 'it was encrypted with a different HERALD_ENCRYPTION_KEY than the one Herald has now'
        : 'it is damaged (not something Herald encrypted, or altered since)',
    );
    this.name = 'UnsealError';
  }
}

export interface TokenCipher {
  seal(plaintext: string): string;
  /** Throws UnsealError. */
  open(sealed: string): string;
}

export function createTokenCipher(key: Buffer): TokenCipher {
  if (key.length !== 32) throw new Error('HERALD_ENCRYPTION_KEY must be 32 bytes');
  const keyId = createHash('sha256').update(key).digest().subarray(0, 6).toString('base64url');
  return {
    seal(plaintext) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      // The version and key id are bound to the ciphertext, so neither can be swapped unnoticed.
      cipher.setAAD(Buffer.from(`${VERSION}.${keyId}`));
      const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return [VERSION, keyId, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), ciphertext.toString('base64url')].join(
        '.',
      );
    },
    open(sealed) {
      const parts = sealed.split('.');
      if (parts.length !== 5 || parts[0] !== VERSION) throw new UnsealError('damaged');
      const [version, sealedKeyId, iv, tag, ciphertext] = parts as [string, string, string, string, string];
      if (sealedKeyId !== keyId) throw new UnsealError('other-key');
      const ivBytes = Buffer.from(iv, 'base64url');
      const tagBytes = Buffer.from(tag, 'base64url');
      if (ivBytes.length !== IV_BYTES || tagBytes.length !== TAG_BYTES) throw new UnsealError('damaged');
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, ivBytes, { authTagLength: TAG_BYTES });
        decipher.setAAD(Buffer.from(`${version}.${sealedKeyId}`));
        decipher.setAuthTag(tagBytes);
        return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8');
      } catch {
        throw new UnsealError('damaged');
      }
    },
  };
}

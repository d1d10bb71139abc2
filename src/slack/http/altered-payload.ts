// A part of a payload only Herald writes (a modal's private_metadata, a button's value) came back in a shape
// Herald never wrote: the modal is from an older Herald, or someone altered it. The sender's fault, said at warn
// (listener-errors.ts), never an error of Herald's.

export class AlteredPayloadError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'AlteredPayloadError';
  }
}

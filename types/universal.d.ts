// The few platform APIs that Node, workers and browsers all provide. Only tsconfig.core.json includes this
// file, so the core can use them without the DOM library (which would let DOM code slip in).
declare class TextEncoder {
  encode(input?: string): Uint8Array;
}
declare class TextDecoder {
  constructor(label?: string, options?: { fatal?: boolean });
  decode(input?: Uint8Array): string;
}
declare function atob(data: string): string;
declare function btoa(data: string): string;
declare const console: { error(...data: unknown[]): void; warn(...data: unknown[]): void };
declare function setTimeout(handler: () => void, timeout?: number): unknown;
declare function clearTimeout(id: unknown): void;
// Web Crypto, as far as DKIM uses it (src/smtp/auth/dkim.ts): the same API in Node 20 and the browser.
interface CryptoKey {
  readonly type: string;
  readonly algorithm: { readonly name: string; readonly modulusLength?: number };
}
interface CryptoKeyPair {
  readonly publicKey: CryptoKey;
  readonly privateKey: CryptoKey;
}
declare const crypto: {
  readonly subtle: {
    digest(algorithm: string, data: Uint8Array): Promise<ArrayBuffer>;
    generateKey(algorithm: object | string, extractable: boolean, usages: string[]): Promise<CryptoKeyPair>;
    importKey(
      format: 'raw' | 'spki' | 'pkcs8',
      data: Uint8Array,
      algorithm: object | string,
      extractable: boolean,
      usages: string[],
    ): Promise<CryptoKey>;
    exportKey(format: 'raw' | 'spki' | 'pkcs8', key: CryptoKey): Promise<ArrayBuffer>;
    sign(algorithm: object | string, key: CryptoKey, data: Uint8Array): Promise<ArrayBuffer>;
    verify(
      algorithm: object | string,
      key: CryptoKey,
      signature: Uint8Array,
      data: Uint8Array,
    ): Promise<boolean>;
  };
};
declare function queueMicrotask(callback: () => void): void;

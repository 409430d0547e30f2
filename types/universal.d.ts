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
declare function queueMicrotask(callback: () => void): void;

// A module loaded on first need (its own chunk): shared as any import is, since it holds no state.

export class OnDemand<T> {
  #module: T | null = null;
  #loading: Promise<T> | null = null;
  readonly #importer: () => Promise<T>;
  readonly #onLoad: ((module: T) => void) | undefined;

  /** `onLoad` runs once, when the module has arrived and before anyone waiting for it goes on. */
  constructor(importer: () => Promise<T>, onLoad?: (module: T) => void) {
    this.#importer = importer;
    this.#onLoad = onLoad;
  }

  /** The module, once it has loaded; null before. */
  get module(): T | null {
    return this.#module;
  }

  /** Load it. Rejects when its chunk cannot be fetched; a later call tries again. */
  load(): Promise<T> {
    this.#loading ??= this.#importer().then(
      (module) => {
        this.#module = module;
        this.#onLoad?.(module);
        return module;
      },
      (error: unknown) => {
        this.#loading = null;
        throw error;
      },
    );
    return this.#loading;
  }
}

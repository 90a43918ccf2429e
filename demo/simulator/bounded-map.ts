/**
 * A Map that forgets its oldest entries beyond `limit`. Simulator state is a demo aid held in memory,
 * never a store: a busy demo must not grow without bound.
 */
export class BoundedMap<K, V> {
  readonly #map = new Map<K, V>();

  constructor(private readonly limit: number) {}

  get(key: K): V | undefined {
    return this.#map.get(key);
  }

  set(key: K, value: V): void {
    this.#map.delete(key);
    this.#map.set(key, value);
    for (const oldest of this.#map.keys()) {
      if (this.#map.size <= this.limit) break;
      this.#map.delete(oldest);
    }
  }

  get size(): number {
    return this.#map.size;
  }
}

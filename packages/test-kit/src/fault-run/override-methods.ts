/**
 * The object with some methods replaced and every other member read from (and bound to) the original, so class
 * instances with private fields keep working: how a test wraps a port without touching its adapter.
 */
export function overrideMethods<T extends object>(original: T, overrides: Partial<T>): T {
  return new Proxy(original, {
    get(target, property) {
      if (Object.hasOwn(overrides, property)) return overrides[property as keyof T];
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}
